from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in with the e-mail address (case-insensitive, see ``UserManager``).

    An inactive member with the right password is let through to the login form, which then
    says the account is not active instead of "wrong password"; sessions of inactive members
    are never restored.
    """

    def user_can_authenticate(self, user):
        return True

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
