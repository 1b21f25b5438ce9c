from django.urls import path

from haven.accounts import admin_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    # Keep in step with middleware.SESSION_STATUS_PATH.
    path("session/", views.session_status, name="session-status"),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path("sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("two-factor/recovery-code/", views.two_factor_recovery, name="two-factor-recovery"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("authenticator/new/", views.replace_authenticator, name="authenticator-replace"),
    path("recovery-codes/new/", views.new_recovery_codes, name="recovery-codes-new"),
    path("passkeys/<int:pk>/remove/", views.remove_passkey, name="passkey-remove"),
    path("password/", views.change_password, name="password-change"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("password-reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ChooseNewPasswordView.as_view(),
        name="password-reset-confirm",
    ),
    path("teams/", admin_views.team_list, name="team-list"),
    path("teams/new/", admin_views.team_edit, name="team-create"),
    path("teams/<int:pk>/", admin_views.team_edit, name="team-edit"),
    path("users/", admin_views.user_list, name="user-list"),
    path("users/new/", admin_views.user_create, name="user-create"),
    path("users/<int:pk>/", admin_views.user_detail, name="user-detail"),
    path("users/<int:pk>/edit/", admin_views.user_edit, name="user-edit"),
    path("users/<int:pk>/deactivate/", admin_views.user_deactivate, name="user-deactivate"),
    path("users/<int:pk>/reactivate/", admin_views.user_reactivate, name="user-reactivate"),
    path("users/<int:pk>/unlock/", admin_views.user_unlock, name="user-unlock"),
    path(
        "users/<int:pk>/reset-second-factor/",
        admin_views.user_reset_second_factor,
        name="user-reset-second-factor",
    ),
    path(
        "users/<int:pk>/send-set-password/",
        admin_views.user_send_set_password,
        name="user-send-set-password",
    ),
]
