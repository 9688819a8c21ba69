"""Image family (AIS4xx): logos that will not scale, lossy or boxed logos, fake vectors and
generator metadata."""
