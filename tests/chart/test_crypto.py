"""Sprig's random and certificate functions, whose output Helm cannot be compared with: checked
for their shape and for what they promise (a certificate signed by its CA, a verifiable hash)."""

from __future__ import annotations

import base64

import bcrypt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kubelint.chart import crypto


def test_gen_signed_cert_is_signed_by_its_ca_and_names_its_hosts() -> None:
    ca = crypto.gen_ca("my-ca", 30)
    cert = crypto.gen_signed_cert(
        "web.example.com", ["10.0.0.1"], ["web", "web.example.com"], 7, ca
    )
    issuer = x509.load_pem_x509_certificate(ca["Cert"].encode())
    leaf = x509.load_pem_x509_certificate(cert["Cert"].encode())
    assert issuer.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.issuer == issuer.subject
    public = issuer.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    assert leaf.signature_hash_algorithm is not None
    public.verify(
        leaf.signature,
        leaf.tbs_certificate_bytes,
        padding.PKCS1v15(),
        leaf.signature_hash_algorithm,
    )
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["web", "web.example.com"]
    assert [str(ip) for ip in names.get_values_for_type(x509.IPAddress)] == ["10.0.0.1"]
    assert (leaf.not_valid_after_utc - leaf.not_valid_before_utc).days == 7
    assert cert["Key"].startswith("-----BEGIN RSA PRIVATE KEY-----\n")


def test_certificates_with_given_keys_and_custom_certs() -> None:
    key = crypto.gen_private_key("ecdsa")
    assert key.startswith("-----BEGIN EC PRIVATE KEY-----\n")
    ca = crypto.gen_ca_with_key("ca", 1, key)
    assert ca["Key"] == key
    own = crypto.gen_self_signed_cert_with_key(
        "me", None, None, 1, crypto.gen_private_key("ed25519")
    )
    assert own["Key"].startswith("-----BEGIN PRIVATE KEY-----\n")
    built = crypto.build_custom_cert(
        base64.b64encode(own["Cert"].encode()).decode(),
        base64.b64encode(own["Key"].encode()).decode(),
    )
    assert built == own
    with pytest.raises(crypto.CryptoError, match="unable to decode base64 certificate"):
        crypto.build_custom_cert("%%%", "")
    with pytest.raises(crypto.CryptoError, match=r"error parsing ip: 300\.1\.1\.1"):
        crypto.gen_self_signed_cert("x", ["300.1.1.1"], None, 1)
    with pytest.raises(crypto.CryptoError, match="made by genCA"):
        crypto.gen_signed_cert("x", None, None, 1, "not a ca")


def test_bcrypt_htpasswd_and_random_bytes() -> None:
    user, hashed = crypto.htpasswd("admin", "s3cret").split(":", 1)
    assert user == "admin"
    assert hashed.startswith("$2a$10$")
    assert bcrypt.checkpw(b"s3cret", hashed.encode())
    assert len(base64.b64decode(crypto.rand_bytes(24))) == 24
    with pytest.raises(crypto.CryptoError, match="more than 1000000 bytes"):
        crypto.rand_bytes(10**9)
    assert crypto.encrypt_aes("k", "x") != crypto.encrypt_aes("k", "x")  # a random IV each time
