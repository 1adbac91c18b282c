"""The report pages' rows of the permission matrix (tests/test_permissions_matrix.py).

The matrix's world has no evaluation cycle of its own (pages then say so); the reports
answer by role: the district offices, the administrator, the head of a unit and the
superuser have them, a staff member or a block office clerk gets a 404.
"""

REPORT_URLS = {
    "rp_dashboard": ("reports:dashboard", None),
    "rp_dashboard_xlsx": ("reports:dashboard_export", None),
    "rp_criteria": ("reports:criteria", None),
    "rp_criteria_xlsx": ("reports:criteria_export", None),
    "rp_people": ("reports:people", None),
    "rp_people_xlsx": ("reports:people_export", None),
    "rp_trend": ("reports:trend", None),
    "rp_trend_xlsx": ("reports:trend_export", None),
}

_ = 200
N = 404
REPORT_EXPECTED = {
    #                    dash xlsx crit xlsx people xlsx trend xlsx
    "staff": [N, N, N, N, N, N, N, N],
    "head": [_, _, _, _, _, _, _, _],
    "clerk": [N, N, N, N, N, N, N, N],
    "home_affairs": [_, _, _, _, _, _, _, _],
    "organisation_board": [_, _, _, _, _, _, _, _],
    "administrator": [_, _, _, _, _, _, _, _],
    "superuser": [_, _, _, _, _, _, _, _],
}
