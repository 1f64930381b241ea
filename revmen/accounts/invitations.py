"""Invitations: people created by others get no usable password and set their own via a link."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Person


def invitation_url(person: Person) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def invitation_send(*, person: Person) -> bool:
    """Queue the invitation e-mail; False when the person has no e-mail address."""
    if not person.email:
        return False
    send_invitation.enqueue(person.pk)
    return True


@task()
def send_invitation(person_id: int) -> None:
    person = Person.objects.get(pk=person_id)
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "Hello %(name)s,\n\nYou have been added to revmen, the platform of the Mental "
            "Revolution training. Set your password here (the link works once):\n\n%(url)s\n\n"
            "Log in afterwards with your NIP or this e-mail address."
        ) % {"name": person.name, "url": invitation_url(person)}
        send_mail(_("Your revmen account"), body, None, [person.email])
