"""factory_boy factories and builders: each test builds exactly the data it talks about.

Import from the module that holds what you need:

- ``units``: users, units, people, roles (``DEFAULT_PASSWORD`` is every user's password);
- ``criteria``: criteria sets with groups, criteria and levels;
- ``world``: one small organisation with a user per persona (pages, matrix, browser);
- ``evaluations``: cycles, an organisation for the evaluation tests, assessment steps;
- ``commitments``: uploads, an organisation with both ward offices and campaigns;
- ``reports``: a generated district with a login per persona of the reports;
- ``roster``: roster files and the admin import steps.
"""
