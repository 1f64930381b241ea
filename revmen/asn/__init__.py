"""Pure rules about Indonesian civil servants (ASN): NIP numbers and unit paths.

No Django here (a test enforces it): plain data in, plain data out.
"""
