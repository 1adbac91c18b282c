"""The report pages of the permission matrix (tests/test_permissions_matrix.py).

The matrix's world has no evaluation cycle of its own (pages then say so); the reports
answer by role: the district offices, the administrator, the head of a unit and the
superuser have them, a staff member or a block office clerk gets a 404.
"""

from tests.matrix import Page, everyone_but

REPORTS = everyone_but("staff", "clerk")
REPORT_PAGES = {
    "rp_dashboard": Page("reports:dashboard", None, REPORTS),
    "rp_dashboard_xlsx": Page("reports:dashboard_export", None, REPORTS),
    "rp_criteria": Page("reports:criteria", None, REPORTS),
    "rp_criteria_xlsx": Page("reports:criteria_export", None, REPORTS),
    "rp_people": Page("reports:people", None, REPORTS),
    "rp_people_xlsx": Page("reports:people_export", None, REPORTS),
    "rp_trend": Page("reports:trend", None, REPORTS),
    "rp_trend_xlsx": Page("reports:trend_export", None, REPORTS),
}
