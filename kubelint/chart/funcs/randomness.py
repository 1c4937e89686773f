"""Random values, passwords and certificates (over `kubelint.chart.crypto`)."""

from __future__ import annotations

import string
import uuid
from collections.abc import Callable

from kubelint.chart import crypto
from kubelint.chart.chance import source
from kubelint.chart.funcs.base import HelmFunction, bounded


def _random(alphabet: str) -> Callable[[int], str]:
    def generate(count: int) -> str:
        return "".join(source().choices(alphabet, k=bounded(int(count))))

    return generate


GROUP: dict[str, HelmFunction] = {
    "randAlphaNum": HelmFunction(
        _random(string.ascii_letters + string.digits),
        "count",
        "`count` random letters and digits",
    ),
    "randAlpha": HelmFunction(_random(string.ascii_letters), "count", "`count` random letters"),
    "randNumeric": HelmFunction(_random(string.digits), "count", "`count` random digits"),
    "randAscii": HelmFunction(
        _random("".join(chr(c) for c in range(33, 127))),
        "count",
        "`count` random printable ASCII characters",
    ),
    "randInt": HelmFunction(
        lambda low, high: source().randrange(int(low), int(high)),
        "min, max",
        "a random integer from `min` up to (not including) `max`",
    ),
    "randBytes": HelmFunction(crypto.rand_bytes, "count", "`count` random bytes, base64"),
    "uuidv4": HelmFunction(
        lambda: str(uuid.UUID(int=source().getrandbits(128), version=4)), "", "a random UUID"
    ),
    "bcrypt": HelmFunction(crypto.bcrypt_hash, "text", "a bcrypt hash (`$2a$10$…`)"),
    "htpasswd": HelmFunction(crypto.htpasswd, "user, password", "an `.htpasswd` line (bcrypt)"),
    "derivePassword": HelmFunction(
        crypto.derive_password,
        "counter, kind, password, user, site",
        "a Master Password site password (`kind`: maximum, long, medium, short, basic, pin)",
    ),
    "encryptAES": HelmFunction(
        crypto.encrypt_aes, "password, text", "AES-256-CBC with a random IV, base64"
    ),
    "decryptAES": HelmFunction(
        crypto.decrypt_aes, "password, base64", "what `encryptAES` encrypted"
    ),
    "genPrivateKey": HelmFunction(
        crypto.gen_private_key,
        "kind",
        "a PEM private key: `rsa` (4096 bits), `dsa`, `ecdsa` (P-256), `ed25519`",
    ),
    "genCA": HelmFunction(
        crypto.gen_ca, "cn, days", "a CA certificate (`.Cert`, `.Key` in PEM; RSA 2048)"
    ),
    "genCAWithKey": HelmFunction(
        crypto.gen_ca_with_key, "cn, days, key", "`genCA` with the given PEM key"
    ),
    "genSelfSignedCert": HelmFunction(
        crypto.gen_self_signed_cert,
        "cn, ips, dns_names, days",
        "a self-signed server/client certificate (`.Cert`, `.Key`)",
    ),
    "genSelfSignedCertWithKey": HelmFunction(
        crypto.gen_self_signed_cert_with_key,
        "cn, ips, dns_names, days, key",
        "`genSelfSignedCert` with the given PEM key",
    ),
    "genSignedCert": HelmFunction(
        crypto.gen_signed_cert,
        "cn, ips, dns_names, days, ca",
        "a certificate signed by `ca` (from `genCA`)",
    ),
    "genSignedCertWithKey": HelmFunction(
        crypto.gen_signed_cert_with_key,
        "cn, ips, dns_names, days, ca, key",
        "`genSignedCert` with the given PEM key",
    ),
    "buildCustomCert": HelmFunction(
        crypto.build_custom_cert,
        "cert_base64, key_base64",
        "a certificate object (`.Cert`, `.Key`) from base64 PEM",
    ),
}
