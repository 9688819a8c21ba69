"""aislop's built-in checks, one subpackage per family (prose, hallucination, code, images)
plus ``text`` for what several families share. Each family has the same shape: ``rules.py``
(the rule declarations with their examples), ``check.py`` (the Check its ``aislop.checks``
entry point names, loaded exactly like a third-party plugin), one module per rule or per small
group of rules sharing a detector, and the family's phrase data (TOML) beside them."""
