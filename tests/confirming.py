"""Going through a confirmation page (core.views.ConfirmActionMixin) as a browser would."""

import re

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
# What the page says when the same form (its one-time token) is sent a second time.
ALREADY_SENT = "Biểu mẫu này đã được gửi trước đó; lần gửi thứ hai không thay đổi gì."


def confirmation_token(response) -> str:
    """The one-time token of the confirmation page ``response`` shows."""
    assert response.status_code == 200, response.status_code
    assert "data-confirm-page" in response.content.decode(), "not a confirmation page"
    return TOKEN.search(response.content.decode()).group(1)


def confirm(client, url: str, data: dict | None = None, *, follow: bool = False):
    """Open the confirmation page at ``url`` (GET), then send its form: ``data`` with
    ``confirmed=1`` and the page's token."""
    token = confirmation_token(client.get(url))
    return client.post(url, {**(data or {}), "confirmed": "1", "form_token": token}, follow=follow)


def confirm_twice(client, url: str, data: dict | None = None):
    """Confirm at ``url``, then send the very same form (the same token) again, as a double
    click or the browser's resend would: both answers, redirects followed."""
    token = confirmation_token(client.get(url))
    form = {**(data or {}), "confirmed": "1", "form_token": token}
    return client.post(url, form, follow=True), client.post(url, form, follow=True)
