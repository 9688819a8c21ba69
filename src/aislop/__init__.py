"""aislop: a QA linter for AI-generated deliverables."""

__version__ = "0.1.0"

# Where the project lives; SARIF viewers link each rule to its section of docs/rules.md there.
# A placeholder until the repository has a public address (the README says so): change it then.
HOMEPAGE = "https://github.com/aislop-qa/aislop"
RULES_DOC = f"{HOMEPAGE}/blob/main/docs/rules.md"
