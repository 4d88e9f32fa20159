"""Connecting a channel to its account on its platform: a Facebook page by a long-lived
page access token, a Zalo OA through Zalo's OAuth v4 with PKCE, a union's mailbox by its
IMAP (and optionally SMTP) server and password; and cutting a connection.

Who: whoever may change channels on the channel's unit (`channels.change_channel`); anyone
else gets 404, as for a channel they cannot see. Only Facebook pages and Zalo OAs connect;
other kinds answer 404 too. Secrets go from the form, or from Zalo's token answer, straight
to `do_connect`, which seals them: no page shows them back (the token field is never
rendered with its value, the status fragment names no secret).

Zalo: "Kết nối Zalo OA" keeps a PKCE verifier and a random state in the session and sends
the OA's administrator to Zalo, which comes back to one fixed address (the callback: the
address registered in the Zalo app) with `code`, `oa_id` and `state`. The callback takes
the pending flow out of the session (a flow is used once), accepts only the state it
holds, checks the rights again and exchanges the code with the verifier.

E-mail: the IMAP login is tried (and the folder opened) before anything is stored; the
SMTP server, optional, is not tried (the first answer shows whether it works). The form
shows back the server, port, security, user name and folder of a stored connection, never
a password: reconnecting means typing the password again.
"""

from __future__ import annotations

import re
import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from lantoa.org import scope
from lantoa.org.views import TitledAdminView

from .connections import do_connect, do_disconnect, do_set_webhook_key, has_webhook_key, secrets_of
from .kinds.base import PlatformError, http_client
from .kinds.email.client import DEFAULT_PORTS, MailboxClient, MailboxSettings
from .kinds.facebook_page.client import FacebookPageClient
from .kinds.zalo_oa.client import ZaloOAuth, make_pkce_pair
from .models import Channel, ChannelKind, Connection

CHANGE_PERM = "channels.change_channel"
CONNECTABLE = (ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_OA, ChannelKind.EMAIL)
ZALO_FLOW_KEY = "lantoa_zalo_connect"  # the session's pending Zalo flow: state, verifier, channel
OA_ID_RE = re.compile(r"^\d{1,30}$")


def connectable_channel(user, pk, *, kinds=CONNECTABLE) -> Channel:
    """The channel `user` may connect: 404 unless it is of one of `kinds` and the user may
    change channels on its unit."""
    channels = scope.scope_queryset(Channel.objects.filter(kind__in=kinds), user, perm=CHANGE_PERM)
    return get_object_or_404(channels, pk=pk)


def inspect_url(channel: Channel) -> str:
    return reverse("channel:inspect", args=[channel.pk])


def zalo_configured() -> bool:
    return bool(settings.LANTOA_ZALO_APP_ID and settings.LANTOA_ZALO_APP_SECRET)


def connection_context(user, channel: Channel) -> dict:
    """What `channels/connect/status.html` needs on the channel's inspect page: under the
    name `connection_panel`, None for a kind that does not connect."""
    if channel.kind not in CONNECTABLE:
        return {"connection_panel": None}
    connection = Connection.objects.select_related("connected_by").filter(channel=channel).first()
    is_zalo = channel.kind == ChannelKind.ZALO_OA
    return {
        "connection_panel": {
            "channel": channel,
            "connection": connection,
            "receives": receives_messages(connection) if is_zalo and connection else None,
            "may_connect": scope.has_perm(user, CHANGE_PERM, channel.unit_id),
            "is_zalo": is_zalo,
            "is_email": channel.kind == ChannelKind.EMAIL,
            "zalo_configured": zalo_configured(),
        }
    }


def receives_messages(connection: Connection) -> str:
    """Whose key proves this OA's events: "own", "site" (LANTOA_ZALO_OA_SECRET_KEY) or ""
    (none: Lan Tỏa refuses every message the OA forwards)."""
    if has_webhook_key(connection):
        return "own"
    return "site" if settings.LANTOA_ZALO_OA_SECRET_KEY else ""


class ChannelFormView(TitledAdminView, FormView):
    """A form about one channel of `kind` that the user may connect (404 otherwise), with
    the channel's name under the title and a way back to it."""

    kind = ""

    def dispatch(self, request, *args, **kwargs):
        self.channel = connectable_channel(request.user, kwargs["pk"], kinds=(self.kind,))
        return self.refusal(request) or super().dispatch(request, *args, **kwargs)

    def refusal(self, request):
        """A response sending the user elsewhere when the form does not apply yet."""
        return None

    def get_page_subtitle(self):
        return self.channel.name

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "channel": self.channel, "back_url": inspect_url(self.channel)}


# --- Facebook page: a long-lived page access token, checked against Graph


class FacebookPageForm(forms.Form):
    page_id = forms.RegexField(
        label=gettext_lazy("Facebook page id"), regex=r"^\d{1,30}$", max_length=30,
        help_text=gettext_lazy("The digits shown in the page's “About” section, under “Page transparency”."),
        error_messages={"invalid": gettext_lazy("A Facebook page id is made of digits only.")},
    )  # fmt: skip
    page_token = forms.CharField(
        label=gettext_lazy("Page access token (long-lived)"), max_length=2000, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy("It is checked with Facebook, then stored encrypted; it is never shown again."),
    )  # fmt: skip


def facebook_page_name(page_id: str, token: str) -> str:
    """The page's name as Graph gives it with this token; PlatformError when refused."""
    with FacebookPageClient(page_id, token) as client:
        return client.page_name()


def facebook_refusal(error: PlatformError) -> str:
    """Why the token was not stored. Graph's "connect again" wording fits a stored token,
    not one being typed in, so a refused token gets its own sentence."""
    if error.reconnect:
        return _(
            "Facebook did not accept this token for the page: check the page id and the page access token. "
            "Nothing was stored."
        )
    if error.retryable or error.code == "other_page":
        return error.message
    return _("Facebook could not read this page with this token: check the page id.")


class ConnectFacebookView(ChannelFormView):
    kind = ChannelKind.FACEBOOK_PAGE
    template_name = "channels/connect/facebook.html"
    form_class = FacebookPageForm
    page_title = gettext_lazy("Connect the Facebook page")
    header_icon = "link"

    def get_initial(self):
        connection = Connection.objects.filter(channel=self.channel).first()
        return {"page_id": connection.account_id} if connection else {}

    def form_valid(self, form):
        page_id, token = form.cleaned_data["page_id"], form.cleaned_data["page_token"]
        try:
            name = facebook_page_name(page_id, token)
        except PlatformError as error:
            form.add_error(None, facebook_refusal(error))
            return self.form_invalid(form)
        do_connect(self.channel, account_id=page_id, secrets={"page_token": token}, actor=self.request.user)
        messages.success(self.request, _("Connected to the Facebook page “%(page)s”.") % {"page": name})
        return redirect(inspect_url(self.channel))


# --- E-mail: an IMAP mailbox (and, optionally, its SMTP server for answers)

SECURITY_CHOICES = [
    ("ssl", gettext_lazy("SSL/TLS")),
    ("starttls", gettext_lazy("STARTTLS")),
    ("none", gettext_lazy("None (local network only)")),
]
EMAIL_SECRET_FIELDS = ("host", "port", "security", "username", "folder", "smtp_host", "smtp_port", "smtp_security",
                       "smtp_username")  # fmt: skip
HOST_RE = r"^[A-Za-z0-9.-]{1,253}$"


def password_field(label, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=500, required=required, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password", "spellcheck": "false"}),
    )  # fmt: skip


def host_field(label, *, required: bool = True) -> forms.RegexField:
    invalid = gettext_lazy("Enter a server name such as imap.example.vn.")
    return forms.RegexField(label=label, regex=HOST_RE, max_length=253, required=required,
                            error_messages={"invalid": invalid})  # fmt: skip


class EmailMailboxForm(forms.Form):
    address = forms.EmailField(label=gettext_lazy("Mailbox address"), max_length=254,
                               help_text=gettext_lazy("Workers write to it; answers are sent from it."))  # fmt: skip
    host = host_field(gettext_lazy("Incoming mail server (IMAP)"))
    security = forms.ChoiceField(label=gettext_lazy("Security"), choices=SECURITY_CHOICES, initial="ssl")
    port = forms.IntegerField(label=gettext_lazy("Port"), min_value=1, max_value=65535, required=False,
                              help_text=gettext_lazy("Empty: 993 for SSL/TLS, 143 otherwise."))  # fmt: skip
    username = forms.CharField(label=gettext_lazy("User name"), max_length=254, required=False,
                               help_text=gettext_lazy("Empty: the mailbox address."))  # fmt: skip
    password = password_field(gettext_lazy("Password"))
    folder = forms.CharField(label=gettext_lazy("Folder"), max_length=200, initial="INBOX")
    smtp_host = host_field(gettext_lazy("Outgoing mail server (SMTP)"), required=False)
    smtp_security = forms.ChoiceField(label=gettext_lazy("SMTP security"), choices=SECURITY_CHOICES,
                                      initial="starttls")  # fmt: skip
    smtp_port = forms.IntegerField(label=gettext_lazy("SMTP port"), min_value=1, max_value=65535, required=False)
    smtp_username = forms.CharField(label=gettext_lazy("SMTP user name"), max_length=254, required=False)
    smtp_password = password_field(gettext_lazy("SMTP password"), required=False)

    def secrets(self) -> dict:
        """What the connection seals: the SMTP part only when a server is given."""
        data = self.cleaned_data
        found = {
            "address": data["address"].lower(), "host": data["host"], "security": data["security"],
            "port": data["port"] or DEFAULT_PORTS[data["security"]], "username": data["username"] or data["address"],
            "password": data["password"], "folder": data["folder"].strip() or "INBOX",
        }  # fmt: skip
        if data["smtp_host"]:
            found.update({name: data[name] for name in ("smtp_host", "smtp_security", "smtp_port", "smtp_username",
                                                        "smtp_password")})  # fmt: skip
        return found


def check_mailbox(secrets: dict) -> None:
    """Log in and open the folder; PlatformError when the server refuses."""
    with MailboxClient(MailboxSettings.from_secrets(secrets)) as box:
        box.check()


def mailbox_refusal(error: PlatformError) -> str:
    if error.code == "auth":
        return _("The mail server refused this user name or password. Nothing was stored.")
    return _("%(reason)s Nothing was stored.") % {"reason": error.message}


class ConnectEmailView(ChannelFormView):
    kind = ChannelKind.EMAIL
    template_name = "channels/connect/email.html"
    form_class = EmailMailboxForm
    page_title = gettext_lazy("Connect the mailbox")
    header_icon = "mail"

    def get_initial(self):
        connection = Connection.objects.filter(channel=self.channel).first()
        if connection is None:
            return {"address": self.channel.address if "@" in self.channel.address else ""}
        stored = secrets_of(connection)
        return {"address": connection.account_id, **{k: stored[k] for k in EMAIL_SECRET_FIELDS if k in stored}}

    def form_valid(self, form):
        secrets = form.secrets()
        try:
            check_mailbox(secrets)
        except PlatformError as error:
            form.add_error(None, mailbox_refusal(error))
            return self.form_invalid(form)
        do_connect(self.channel, account_id=secrets["address"], secrets=secrets, actor=self.request.user)
        messages.success(self.request, _("The mailbox %(address)s is connected.") % {"address": secrets["address"]})
        return redirect(inspect_url(self.channel))


# --- Zalo OA: OAuth v4 with PKCE


@require_POST
def connect_zalo(request, pk):
    """Start Zalo's consent: the pending flow goes into the session, the browser to Zalo."""
    channel = connectable_channel(request.user, pk, kinds=(ChannelKind.ZALO_OA,))
    if not zalo_configured():
        messages.error(request, _("The Zalo app of Lan Tỏa is not configured on this site: ask its administrator."))
        return redirect(inspect_url(channel))
    verifier, challenge = make_pkce_pair()
    state = secrets.token_urlsafe(24)
    request.session[ZALO_FLOW_KEY] = {"state": state, "verifier": verifier, "channel": channel.pk}
    callback = request.build_absolute_uri(reverse("channels_connect_zalo_callback"))
    with http_client() as client:
        url = ZaloOAuth(client=client).authorization_url(settings.LANTOA_ZALO_APP_ID, callback, state, challenge)
    return redirect(url)


def zalo_tokens(code: str, verifier: str):
    """The OA's first token pair for the code Zalo sent back; PlatformError when refused."""
    with http_client() as client:
        oauth = ZaloOAuth(client=client)
        return oauth.exchange_code(settings.LANTOA_ZALO_APP_ID, settings.LANTOA_ZALO_APP_SECRET, code, verifier)


def zalo_callback(request):
    """Zalo's return: the flow this session started, once; nothing is stored on any doubt."""
    flow = request.session.pop(ZALO_FLOW_KEY, None)
    if not flow:
        messages.error(request, _("No Zalo OA connection was started in this session: start it again."))
        return redirect("channel:index")
    channel = connectable_channel(request.user, flow["channel"], kinds=(ChannelKind.ZALO_OA,))
    refusal = callback_refusal(request.GET, flow["state"])
    if refusal:
        messages.error(request, refusal)
        return redirect(inspect_url(channel))
    try:
        pair = zalo_tokens(request.GET["code"], flow["verifier"])
    except PlatformError as error:
        messages.error(request, _("The Zalo OA is not connected: %(reason)s") % {"reason": error.message})
        return redirect(inspect_url(channel))
    do_connect(
        channel, account_id=request.GET["oa_id"],
        secrets={"access_token": pair.access_token, "refresh_token": pair.refresh_token},
        access_expires_at=pair.access_expires_at, refresh_expires_at=pair.refresh_expires_at, actor=request.user,
    )  # fmt: skip
    messages.success(request, _("The Zalo OA is connected."))
    return redirect(inspect_url(channel))


def callback_refusal(query, state: str) -> str:
    """Why Zalo's return is not accepted, or "" when it is."""
    if not constant_time_compare(query.get("state", ""), state):
        return _("The answer from Zalo does not belong to the connection started here: nothing was stored.")
    if not query.get("code"):
        return _("Zalo sent back no authorisation code: the access was not granted, nothing was stored.")
    if not OA_ID_RE.match(query.get("oa_id", "")):
        return _("Zalo did not say which Official Account was granted: nothing was stored.")
    return ""


# --- Zalo OA: the secret key that proves the events Zalo forwards (inbox webhook)


class ZaloKeyForm(forms.Form):
    oa_secret_key = forms.RegexField(
        label=gettext_lazy("OA Secret Key"), regex=r"^[A-Za-z0-9_-]{8,200}$", max_length=200, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy("In the Zalo app's settings for developers, under Webhook: “OA Secret Key”. It is "
                               "stored encrypted and never shown again."),
        error_messages={"invalid": gettext_lazy("An OA Secret Key is made of letters, digits, “-” and “_”, "
                                                "without spaces: copy it again from the Zalo app's settings.")},
    )  # fmt: skip


class ZaloKeyView(ChannelFormView):
    """The OA's own secret key, for the inbox's webhook to prove that an event comes from
    Zalo for this OA. Only on a connected OA: the key goes with its tokens."""

    kind = ChannelKind.ZALO_OA
    template_name = "channels/connect/zalo_key.html"
    form_class = ZaloKeyForm
    page_title = gettext_lazy("Receive the OA's messages")
    header_icon = "key"

    def refusal(self, request):
        self.connection = Connection.objects.filter(channel=self.channel).first()
        if self.connection is None:
            messages.error(request, _("Connect the Zalo OA first, then enter its secret key."))
            return redirect(inspect_url(self.channel))
        return None

    def get_context_data(self, **kwargs):
        webhook = self.request.build_absolute_uri(reverse("inbox_webhook_zalo"))
        return {**super().get_context_data(**kwargs), "webhook_url": webhook,
                "receives": receives_messages(self.connection)}  # fmt: skip

    def form_valid(self, form):
        do_set_webhook_key(self.connection, key=form.cleaned_data["oa_secret_key"], actor=self.request.user)
        messages.success(self.request, _("The OA's secret key is stored: Lan Tỏa now receives its messages."))
        return redirect(inspect_url(self.channel))


# --- Disconnecting


@require_POST
def disconnect(request, pk):
    channel = connectable_channel(request.user, pk)
    if do_disconnect(channel, actor=request.user):
        messages.success(request, _("“%(channel)s” is no longer connected.") % {"channel": channel.name})
    else:
        messages.warning(request, _("“%(channel)s” was not connected.") % {"channel": channel.name})
    return redirect(inspect_url(channel))


urlpatterns = [
    path("channels/<int:pk>/connect/facebook/", ConnectFacebookView.as_view(), name="channels_connect_facebook"),
    path("channels/<int:pk>/connect/zalo/", connect_zalo, name="channels_connect_zalo"),
    path("channels/<int:pk>/connect/email/", ConnectEmailView.as_view(), name="channels_connect_email"),
    path("channels/<int:pk>/connect/zalo/key/", ZaloKeyView.as_view(), name="channels_connect_zalo_key"),
    path("channels/connect/zalo/callback/", zalo_callback, name="channels_connect_zalo_callback"),
    path("channels/<int:pk>/disconnect/", disconnect, name="channels_disconnect"),
]
