"""Everything that talks to EC2: sessions and clients, paging, waiting, errors.

This is the only package that builds boto3 sessions and clients.  boto3 and
botocore are imported inside functions so the rest of oscmd (help, parsing,
completion) starts without them.
"""
