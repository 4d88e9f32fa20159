"""Channel secrets are sealed with the newest key, opened by any configured key, sealed
again on rotation, and a token no key opens says so in Vietnamese without the secret."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from lantoa.channels import credentials

SECRETS = {"access_token": "EAAB-bi-mat-123", "refresh_token": "r-456"}


@pytest.fixture
def keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.LANTOA_CREDENTIAL_KEYS = [old]
    return settings, old, new


def test_sealed_secrets_are_unreadable_and_open_again(keys):
    token = credentials.seal(SECRETS)
    assert "bi-mat" not in token and "EAAB" not in token
    assert credentials.unseal(token) == SECRETS
    assert credentials.unseal("") == {}


def test_rotation_reseals_under_the_new_key_and_the_old_key_can_go(keys):
    settings, old, new = keys
    token = credentials.seal(SECRETS)
    settings.LANTOA_CREDENTIAL_KEYS = [new, old]
    assert credentials.unseal(token) == SECRETS  # the old key still opens it
    rotated = credentials.reseal(token)
    settings.LANTOA_CREDENTIAL_KEYS = [new]
    assert credentials.unseal(rotated) == SECRETS
    with pytest.raises(credentials.CredentialError) as refused:
        credentials.unseal(token)
    assert "khóa mã hóa" in str(refused.value) and "bi-mat" not in str(refused.value)


def test_missing_or_malformed_keys_are_a_configuration_error(settings):
    settings.LANTOA_CREDENTIAL_KEYS = []
    with pytest.raises(ImproperlyConfigured):
        credentials.seal(SECRETS)
    settings.LANTOA_CREDENTIAL_KEYS = ["khong-phai-khoa"]
    with pytest.raises(ImproperlyConfigured):
        credentials.seal(SECRETS)


@pytest.mark.django_db
def test_the_rotation_command_reseals_every_stored_connection(keys):
    from django.core.management import call_command

    from lantoa.channels.connections import do_connect, secrets_of
    from lantoa.channels.models import Channel, ChannelKind, Connection
    from lantoa.org.tests.factories import make_unit

    settings, old, new = keys
    unit = make_unit(None, "provincial", "Liên đoàn Lao động tỉnh Vĩnh Long")
    channel = Channel.objects.create(unit=unit, kind=ChannelKind.FACEBOOK_PAGE, name="Trang LĐLĐ Vĩnh Long")
    do_connect(channel, account_id="123", secrets=SECRETS)
    settings.LANTOA_CREDENTIAL_KEYS = [new, old]
    call_command("rotate_channel_credentials")
    settings.LANTOA_CREDENTIAL_KEYS = [new]
    assert secrets_of(Connection.objects.get(channel=channel)) == SECRETS
