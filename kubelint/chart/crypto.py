"""Sprig's hashing, password, AES and certificate functions, with Sprig's outputs and messages.

The certificate, AES and bcrypt functions import `cryptography` and `bcrypt` when first called,
so a chart that does not use them does not pay for loading them. A certificate is a mapping with
`Cert` and `Key` (PEM), as Sprig's `certificate` is: `{{ ca.Cert | b64enc }}`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import ipaddress
import secrets
import struct
from typing import TYPE_CHECKING, Any

from kubelint.chart.budget import current
from kubelint.chart.chance import source

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import (
        CertificateIssuerPrivateKeyTypes,
    )


# What the costly functions charge to the render's budget, in operations (a macro call, the
# costliest operation, takes a few microseconds): a chart may make a few keys, not hundreds.
COST_SLOW_KEY = 150_000  # an RSA 4096 or DSA key, scrypt (derivePassword): up to a second
COST_RSA_2048 = 20_000  # the key of genCA, genSelfSignedCert, genSignedCert: about 60 ms
COST_BCRYPT = 20_000  # bcrypt at cost 10 (bcrypt, htpasswd): about 70 ms


class CryptoError(Exception):
    """A Sprig function that returns an error (the template stops with this message)."""


def bcrypt_hash(text: str) -> str:
    import bcrypt

    current().spend(COST_BCRYPT)
    return bcrypt.hashpw(text.encode(), bcrypt.gensalt(rounds=10, prefix=b"2a")).decode()


def htpasswd(username: str, password: str) -> str:
    if ":" in username:
        return f"invalid username: {username}"
    return f"{username}:{bcrypt_hash(password)}"


MAX_RANDOM_BYTES = 1_000_000


def rand_bytes(count: int) -> str:
    if count > MAX_RANDOM_BYTES:
        raise CryptoError(f"randBytes: more than {MAX_RANDOM_BYTES} bytes")
    return base64.b64encode(source().randbytes(count)).decode()


_MASTER_PASSWORD_SEED = b"com.lyndir.masterpassword"
_PASSWORD_TEMPLATES = {
    "maximum": ("anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"),
    "long": (
        "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
        "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
        "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
        "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
        "CvccCvcvCvccno",
    ),
    "medium": ("CvcnoCvc", "CvcCvcno"),
    "short": ("Cvcn",),
    "basic": ("aaanaaan", "aannaaan", "aaannaaa"),
    "pin": ("nnnn",),
}  # fmt: skip
_TEMPLATE_CHARACTERS = {
    "V": "AEIOU",
    "C": "BCDFGHJKLMNPQRSTVWXYZ",
    "v": "aeiou",
    "c": "bcdfghjklmnpqrstvwxyz",
    "A": "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
    "a": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
    "n": "0123456789",
    "o": "@&%?,=[]_:-+*$#!'^~;()/.",
    "x": "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
}


def derive_password(counter: int, kind: str, password: str, user: str, site: str) -> str:
    """The Master Password algorithm (scrypt, then HMAC-SHA256), as Sprig computes it."""
    templates = _PASSWORD_TEMPLATES.get(kind)
    if templates is None:
        return f"cannot find password template {kind}"
    salt = _MASTER_PASSWORD_SEED + struct.pack(">I", len(user.encode())) + user.encode()
    current().spend(COST_SLOW_KEY)
    key = hashlib.scrypt(password.encode(), salt=salt, n=32768, r=8, p=2, maxmem=2**26, dklen=64)
    message = (
        _MASTER_PASSWORD_SEED
        + struct.pack(">I", len(site.encode()))
        + site.encode()
        + struct.pack(">I", int(counter) & 0xFFFFFFFF)
    )
    seed = hmac.new(key, message, hashlib.sha256).digest()
    template = templates[seed[0] % len(templates)]
    return "".join(
        _TEMPLATE_CHARACTERS[c][seed[i + 1] % len(_TEMPLATE_CHARACTERS[c])]
        for i, c in enumerate(template)
    )


# -- AES, as Sprig: AES-256-CBC, the password zero-padded to 32 bytes, PKCS#7, IV first ---------
def _aes_key(password: str) -> bytes:
    return password.encode()[:32].ljust(32, b"\0")


def encrypt_aes(password: str, plaintext: str) -> str:
    if plaintext == "":
        return ""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    padder = padding.PKCS7(128).padder()
    content = padder.update(plaintext.encode()) + padder.finalize()
    iv = secrets.token_bytes(16)
    encryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + encryptor.update(content) + encryptor.finalize()).decode()


def decrypt_aes(password: str, crypt64: str) -> str:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    try:
        data = base64.b64decode(crypt64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CryptoError(f"decryptAES: {exc}") from None
    if len(data) < 16 or len(data) % 16:
        raise CryptoError("decryptAES: ciphertext is not a multiple of the block size")
    decryptor = Cipher(algorithms.AES(_aes_key(password)), modes.CBC(data[:16])).decryptor()
    plain = decryptor.update(data[16:]) + decryptor.finalize()
    pad = plain[-1] if plain else 0
    return plain[: len(plain) - pad].decode("utf-8", "replace") if pad <= len(plain) else ""


# -- keys and certificates -------------------------------------------------------------------
def gen_private_key(kind: str = "") -> str:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa

    key: Any
    if kind in ("", "rsa", "dsa"):
        current().spend(COST_SLOW_KEY)
    if kind in ("", "rsa"):
        key = rsa.generate_private_key(public_exponent=65537, key_size=4096)
    elif kind == "dsa":
        key = dsa.generate_private_key(key_size=2048)
    elif kind == "ecdsa":
        key = ec.generate_private_key(ec.SECP256R1())
    elif kind == "ed25519":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        return "Unknown type " + kind
    return _key_pem(key)


def _key_pem(key: Any) -> str:
    """Sprig's PEM: PKCS#1 `RSA PRIVATE KEY`, `EC PRIVATE KEY`, `DSA PRIVATE KEY`; else PKCS#8."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    fmt = (
        serialization.PrivateFormat.PKCS8
        if isinstance(key, ed25519.Ed25519PrivateKey)
        else serialization.PrivateFormat.TraditionalOpenSSL
    )
    return key.private_bytes(  # type: ignore[no-any-return]
        serialization.Encoding.PEM, fmt, serialization.NoEncryption()
    ).decode()


def _parse_key(pem: str) -> CertificateIssuerPrivateKeyTypes:
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise CryptoError(f"parsing private key: {exc}") from None
    return key  # type: ignore[return-value]


def _rsa_2048() -> CertificateIssuerPrivateKeyTypes:
    from cryptography.hazmat.primitives.asymmetric import rsa

    current().spend(COST_RSA_2048)
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(
    cn: str,
    ips: Any,
    dns: Any,
    days: int,
    key: CertificateIssuerPrivateKeyTypes,
    signer: tuple[x509.Certificate, CertificateIssuerPrivateKeyTypes] | None = None,
    is_ca: bool = False,
) -> dict[str, str]:
    """Sprig's getBaseCertTemplate and getCertAndKey: a certificate for `cn`, valid `days`
    from now, signed by `signer` (itself when None)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    addresses = []
    for ip in ips or ():
        if not isinstance(ip, str):
            raise CryptoError(f"error parsing ip: {ip} is not a string")
        try:
            addresses.append(ipaddress.ip_address(ip))
        except ValueError:
            raise CryptoError(f"error parsing ip: {ip}") from None
    names = []
    for name in dns or ():
        if not isinstance(name, str):
            raise CryptoError(f"error processing alternate dns name: {name} is not a string")
        names.append(name)
    now = dt.datetime.now(dt.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    issuer_cert, issuer_key = signer if signer is not None else (None, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert is not None else subject)
        .public_key(key.public_key())
        .serial_number(secrets.randbelow(2**128 - 1) + 1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=int(days)))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=is_ca,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if addresses or names:
        general: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
        general += [x509.IPAddress(a) for a in addresses]
        builder = builder.add_extension(x509.SubjectAlternativeName(general), critical=False)
    if is_ca:
        builder = builder.add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
    hash_ = None if isinstance(issuer_key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    certificate = builder.sign(issuer_key, hash_)
    return {
        "Cert": certificate.public_bytes(serialization.Encoding.PEM).decode(),
        "Key": _key_pem(key),
    }


def _signer(ca: Any) -> tuple[x509.Certificate, CertificateIssuerPrivateKeyTypes]:
    from cryptography import x509

    if not isinstance(ca, dict) or "Cert" not in ca or "Key" not in ca:
        raise CryptoError("the CA must be a certificate made by genCA (with Cert and Key)")
    try:
        certificate = x509.load_pem_x509_certificate(str(ca["Cert"]).encode())
    except ValueError:
        raise CryptoError("unable to decode certificate") from None
    return certificate, _parse_key(str(ca["Key"]))


def gen_ca(cn: str, days: int) -> dict[str, str]:
    return _certificate(cn, None, None, days, _rsa_2048(), is_ca=True)


def gen_ca_with_key(cn: str, days: int, key: str) -> dict[str, str]:
    return _certificate(cn, None, None, days, _parse_key(key), is_ca=True)


def gen_self_signed_cert(cn: str, ips: Any, dns: Any, days: int) -> dict[str, str]:
    return _certificate(cn, ips, dns, days, _rsa_2048())


def gen_self_signed_cert_with_key(
    cn: str, ips: Any, dns: Any, days: int, key: str
) -> dict[str, str]:
    return _certificate(cn, ips, dns, days, _parse_key(key))


def gen_signed_cert(cn: str, ips: Any, dns: Any, days: int, ca: Any) -> dict[str, str]:
    return _certificate(cn, ips, dns, days, _rsa_2048(), _signer(ca))


def gen_signed_cert_with_key(
    cn: str, ips: Any, dns: Any, days: int, ca: Any, key: str
) -> dict[str, str]:
    return _certificate(cn, ips, dns, days, _parse_key(key), _signer(ca))


def build_custom_cert(b64cert: str, b64key: str) -> dict[str, str]:
    from cryptography import x509

    try:
        cert = base64.b64decode(b64cert, validate=True).decode()
    except (binascii.Error, ValueError):
        raise CryptoError("unable to decode base64 certificate") from None
    try:
        key = base64.b64decode(b64key, validate=True).decode()
    except (binascii.Error, ValueError):
        raise CryptoError("unable to decode base64 private key") from None
    try:
        x509.load_pem_x509_certificate(cert.encode())
    except ValueError as exc:
        raise CryptoError(f"error parsing certificate: {exc}") from None
    _parse_key(key)
    return {"Cert": cert, "Key": key}
