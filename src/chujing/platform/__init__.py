"""The platform core: storage, accounts, enterprise workflows, REST API and audit.

One folder per domain (models.py, service.py, api.py, flows.py). Imports point one
way: web / cli -> platform -> engine / scan / rules.
"""
