from accounts.scope import is_admin


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_manage_accounts": is_admin(user)}
