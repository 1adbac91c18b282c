"""Django's password change page, which also lifts the "must change password" mark."""

from django.contrib.auth import views as auth_views

from .accounts import account_password_changed


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        account_password_changed(user=form.user)
        return response
