from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from revmen.accounts import forms as account_forms
from revmen.accounts import otp_views, throttle
from revmen.accounts import views as accounts
from revmen.core import views as core
from revmen.front import views as front
from revmen.instruments import intake, library_views
from revmen.instruments import views as instruments

handler403 = "revmen.core.views.forbidden"

urlpatterns = [
    path("", front.home, name="home"),
    path("health/", core.health, name="health"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("login/code/", otp_views.otp_verify, name="otp_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "invitation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/set_password.html",
            form_class=account_forms.SetPasswordForm,
            success_url="/login/?password=set",
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=account_forms.PasswordChangeForm,
            success_url="/profile/",
        ),
        name="password_change",
    ),
    path("profile/", accounts.profile, name="profile"),
    path("profile/data/", accounts.own_data, name="own_data"),
    path("profile/correction/", accounts.correction_request, name="correction_request"),
    path("corrections/", accounts.correction_list, name="correction_list"),
    path("corrections/<int:pk>/", accounts.correction_handle, name="correction_handle"),
    path("profile/two-step/", otp_views.otp_enrol, name="otp_enrol"),
    path("profile/two-step/backup-codes/", otp_views.otp_backup_codes, name="otp_backup_codes"),
    path("profile/two-step/off/", otp_views.otp_remove, name="otp_remove"),
    path("jobs/<int:pk>/", core.job_detail, name="job_detail"),
    path("agencies/", accounts.agency_list, name="agency_list"),
    path("agencies/new/", accounts.agency_create, name="agency_create"),
    path("agencies/import/", accounts.agency_import, name="agency_import"),
    path("agencies/<str:code>/", accounts.agency_detail, name="agency_detail"),
    path("agencies/<str:code>/edit/", accounts.agency_edit, name="agency_edit"),
    path("agencies/<str:code>/units/new/", accounts.unit_create, name="unit_create"),
    path("agencies/<str:code>/units/<int:pk>/rename/", accounts.unit_rename, name="unit_rename"),
    path("agencies/<str:code>/people/", accounts.people_list, name="people_list"),
    path("agencies/<str:code>/people/new/", accounts.person_create, name="person_create"),
    path("people/<int:pk>/", accounts.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", accounts.person_edit, name="person_edit"),
    path("people/<int:pk>/invite/", accounts.person_invite, name="person_invite"),
    path(
        "batches/<str:code>/questionnaires/",
        instruments.batch_questionnaires,
        name="batch_questionnaires",
    ),
    path(
        "batches/<str:code>/questionnaires/<int:pk>/remind/",
        instruments.batch_questionnaire_remind,
        name="batch_questionnaire_remind",
    ),
    path(
        "batches/<str:code>/questionnaires/<int:pk>/responses/",
        instruments.batch_questionnaire_responses,
        name="batch_questionnaire_responses",
    ),
    path("responses/<int:pk>/", instruments.responses_export, name="responses_export"),
    path("batches/<str:code>/change/", instruments.batch_change, name="batch_change"),
    path("instruments/", library_views.instrument_list, name="instrument_list"),
    path("instruments/import/", library_views.instrument_import, name="instrument_import"),
    path("instruments/<str:code>/", library_views.instrument_detail, name="instrument_detail"),
    path(
        "instruments/<str:code>/v<int:number>.xlsx",
        library_views.instrument_export,
        name="instrument_export",
    ),
    path(
        "instruments/<str:code>/v<int:number>.lss",
        library_views.instrument_export_lss,
        name="instrument_export_lss",
    ),
    path(
        "instruments/<str:code>/responses/import/",
        library_views.responses_import,
        name="responses_import",
    ),
    path(
        "instruments/<str:code>/responses/import/<int:pk>/",
        library_views.responses_map,
        name="responses_map",
    ),
    path(
        "instruments/<str:code>/responses/<int:pk>/export/",
        library_views.imported_responses_export,
        name="imported_responses_export",
    ),
    path("api/answers/<str:token>/", intake.intake, name="intake"),
    path("q/<int:pk>/", instruments.answer_as_person, name="answer"),
    path("t/<str:token>/", instruments.answer_with_token, name="answer_token"),
    path("s/<str:key>/", instruments.open_link, name="open_link"),
    path("", include("revmen.training.urls")),
    path("", include("revmen.culture.urls")),
    path("", include("revmen.service.urls")),
    path("", include("revmen.learning.urls")),
    path("", include("revmen.projects.urls")),
    path("", include("revmen.certificates.urls")),
    path("", include("revmen.grading.urls")),
    path("", include("revmen.followup.urls")),
    path("", include("revmen.api.urls")),
    path("", include("revmen.impact.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.ADMIN_PATH:
    # The admin's login under the same per-account and per-address limits as /login/.
    urlpatterns += [
        path(f"{settings.ADMIN_PATH}login/", throttle.guarded(admin.site.login)),
        path(settings.ADMIN_PATH, admin.site.urls),
    ]
