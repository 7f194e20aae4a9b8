"""The dsc dialect: IRDL definition, op builders, shape rules and verifier."""
