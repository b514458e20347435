//! A PDF signature's CMS (RFC 5652 SignedData, as `adbe.pkcs7.detached` and
//! `ETSI.CAdES.detached` hold it), read with RustCrypto's `cms` and `x509-cert` and checked
//! with its `rsa`, `p256` and `p384`: is the digest of the signed bytes the one signed, and
//! is the signature valid for the signer certificate's key?

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::OctetString;
use der::oid::ObjectIdentifier;
use der::oid::db::{rfc5911, rfc5912};
use der::{Decode, Encode, SliceReader};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;

use crate::i18n::Message;
use x509_cert::ext::pkix::SubjectKeyIdentifier;

/// `id-ct-TSTInfo` (RFC 3161): the content of a timestamp token.
const ID_CT_TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// What a signature's CMS says, and whether it holds.
pub struct Checked {
    pub signer: Option<Certificate>,
    /// The other certificates it carries, to build the signer's chain from.
    pub certificates: Vec<Certificate>,
    /// The signing time its signed attributes give (a timestamp: its time), in seconds
    /// since 1970.
    pub time: Option<u64>,
    /// Why it does not hold; `None` when it is intact.
    pub problem: Option<Message>,
}

/// A digest algorithm of RFC 5754.
#[derive(Clone, Copy, Debug)]
pub enum Hash {
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    pub fn of_oid(oid: &ObjectIdentifier) -> Option<Hash> {
        Some(match *oid {
            rfc5912::ID_SHA_224 => Hash::Sha224,
            rfc5912::ID_SHA_256 => Hash::Sha256,
            rfc5912::ID_SHA_384 => Hash::Sha384,
            rfc5912::ID_SHA_512 => Hash::Sha512,
            _ => return None,
        })
    }

    /// The digest of the concatenation of `parts`.
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: sha2::Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut hasher = D::new();
            for part in parts {
                hasher.update(part);
            }
            hasher.finalize().to_vec()
        }
        match self {
            Hash::Sha224 => run::<sha2::Sha224>(parts),
            Hash::Sha256 => run::<sha2::Sha256>(parts),
            Hash::Sha384 => run::<sha2::Sha384>(parts),
            Hash::Sha512 => run::<sha2::Sha512>(parts),
        }
    }
}

/// Checks the CMS `contents` (a signature's `/Contents`, zeros after it allowed) against the
/// bytes it signs, `signed` (the two parts of its `/ByteRange`).
pub fn check(contents: &[u8], signed: &[&[u8]]) -> Checked {
    let mut checked = Checked {
        signer: None,
        certificates: Vec::new(),
        time: None,
        problem: None,
    };
    if let Err(problem) = read_and_check(contents, signed, &mut checked) {
        checked.problem = Some(problem);
    }
    checked
}

fn read_and_check(contents: &[u8], signed: &[&[u8]], out: &mut Checked) -> Result<(), Message> {
    let not_cms = |e: der::Error| Message::ProblemNotCms {
        detail: e.to_string(),
    };
    // The field is reserved larger than the signature: zeros follow the DER.
    let mut reader = SliceReader::new(contents).map_err(not_cms)?;
    let info = ContentInfo::decode(&mut reader).map_err(not_cms)?;
    if info.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(Message::ProblemNotCms {
            detail: format!("content type {}", info.content_type),
        });
    }
    let data: SignedData = info.content.decode_as().map_err(not_cms)?;
    out.certificates = (data.certificates.iter())
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let [signer_info] = data.signer_infos.0.as_slice() else {
        return Err(Message::ProblemSigners {
            count: data.signer_infos.0.len(),
        });
    };
    let signer = (out.certificates.iter())
        .find(|c| identifies(&signer_info.sid, c))
        .cloned()
        .ok_or(Message::ProblemNoSignerCertificate)?;
    out.signer = Some(signer.clone());
    out.time = signing_time(signer_info);
    let hash = Hash::of_oid(&signer_info.digest_alg.oid)
        .ok_or_else(|| unsupported(&signer_info.digest_alg.oid))?;
    // A document timestamp encapsulates its TSTInfo, which holds the digest of the signed
    // bytes; the signature is over the TSTInfo. A signature proper is detached.
    let digest = match &data.encap_content_info.econtent {
        Some(content) => {
            let content = content.decode_as::<OctetString>().map_err(not_cms)?;
            if data.encap_content_info.econtent_type != ID_CT_TST_INFO {
                return Err(Message::ProblemNotCms {
                    detail: "encapsulated content".into(),
                });
            }
            let info = x509_tsp::TstInfo::from_der(content.as_bytes()).map_err(not_cms)?;
            let imprint = &info.message_imprint;
            let imprint_hash = Hash::of_oid(&imprint.hash_algorithm.oid)
                .ok_or_else(|| unsupported(&imprint.hash_algorithm.oid))?;
            if imprint.hashed_message.as_bytes() != imprint_hash.digest(signed).as_slice() {
                return Err(Message::ProblemDigest);
            }
            out.time = Some(info.gen_time.to_unix_duration().as_secs());
            hash.digest(&[content.as_bytes()])
        }
        None => hash.digest(signed),
    };
    // With signed attributes (always, in PDF), the signature is over their DER encoding
    // as a SET OF, and they carry the digest of the signed bytes.
    let message = match &signer_info.signed_attrs {
        Some(attributes) => {
            let claimed = attribute(signer_info, rfc5911::ID_MESSAGE_DIGEST)
                .and_then(|v| v.decode_as::<OctetString>().ok())
                .ok_or(Message::ProblemNoMessageDigest)?;
            if claimed.as_bytes() != digest.as_slice() {
                return Err(Message::ProblemDigest);
            }
            attributes.to_der().map_err(not_cms)?
        }
        None => return verify_digest(&signer, signer_info, hash, &digest),
    };
    let message_digest = hash.digest(&[&message]);
    verify_digest(&signer, signer_info, hash, &message_digest)
}

fn verify_digest(
    signer: &Certificate,
    info: &SignerInfo,
    hash: Hash,
    digest: &[u8],
) -> Result<(), Message> {
    let key = &signer.tbs_certificate.subject_public_key_info;
    verify(
        key,
        &info.signature_algorithm,
        Some(hash),
        digest,
        info.signature.as_bytes(),
    )
}

/// Whether `certificate` is the one the signer identifier names.
fn identifies(sid: &SignerIdentifier, certificate: &Certificate) -> bool {
    let tbs = &certificate.tbs_certificate;
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => {
            id.issuer == tbs.issuer && id.serial_number == tbs.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(id) => {
            let own = (tbs.extensions.iter().flatten())
                .find(|e| e.extn_id == rfc5912::ID_CE_SUBJECT_KEY_IDENTIFIER)
                .and_then(|e| SubjectKeyIdentifier::from_der(e.extn_value.as_bytes()).ok());
            own.is_some_and(|own| own.0 == id.0)
        }
    }
}

/// The first value of a signed attribute.
fn attribute(info: &SignerInfo, oid: ObjectIdentifier) -> Option<der::Any> {
    let attributes = info.signed_attrs.as_ref()?;
    let attribute = attributes.iter().find(|a| a.oid == oid)?;
    attribute.values.iter().next().cloned()
}

fn signing_time(info: &SignerInfo) -> Option<u64> {
    let value = attribute(info, rfc5911::ID_SIGNING_TIME)?;
    let time = x509_cert::time::Time::from_der(&value.to_der().ok()?).ok()?;
    Some(time.to_unix_duration().as_secs())
}

/// Verifies `signature` over a message whose digest is `digest`, made with `algorithm` by
/// the key `key`. `hash` is the digest's algorithm when the signature algorithm does not
/// name one (`rsaEncryption`, `id-ecPublicKey` in a CMS).
pub fn verify(
    key: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    hash: Option<Hash>,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), Message> {
    let invalid = || Message::ProblemSignature;
    let unsupported = || unsupported(&algorithm.oid);
    match algorithm.oid {
        rfc5912::RSA_ENCRYPTION
        | rfc5912::SHA_256_WITH_RSA_ENCRYPTION
        | rfc5912::SHA_384_WITH_RSA_ENCRYPTION
        | rfc5912::SHA_512_WITH_RSA_ENCRYPTION
        | rfc5912::SHA_224_WITH_RSA_ENCRYPTION => {
            let hash = signature_hash(&algorithm.oid)
                .or(hash)
                .ok_or_else(unsupported)?;
            let scheme = match hash {
                Hash::Sha224 => rsa::Pkcs1v15Sign::new::<sha2::Sha224>(),
                Hash::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                Hash::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
                Hash::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
            };
            rsa_key(key)?
                .verify(scheme, digest, signature)
                .map_err(|_| invalid())
        }
        rfc5912::ID_RSASSA_PSS => {
            let scheme = pss(algorithm).ok_or_else(unsupported)?;
            rsa_key(key)?
                .verify(scheme, digest, signature)
                .map_err(|_| invalid())
        }
        rfc5912::ID_EC_PUBLIC_KEY
        | rfc5912::ECDSA_WITH_SHA_256
        | rfc5912::ECDSA_WITH_SHA_384
        | rfc5912::ECDSA_WITH_SHA_512 => {
            ecdsa(key, digest, signature).map_err(|e| e.unwrap_or_else(invalid))
        }
        _ => Err(unsupported()),
    }
}

/// The digest a signature algorithm names (`sha256WithRSAEncryption` → SHA-256).
pub fn signature_hash(oid: &ObjectIdentifier) -> Option<Hash> {
    Some(match *oid {
        rfc5912::SHA_224_WITH_RSA_ENCRYPTION => Hash::Sha224,
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION | rfc5912::ECDSA_WITH_SHA_256 => Hash::Sha256,
        rfc5912::SHA_384_WITH_RSA_ENCRYPTION | rfc5912::ECDSA_WITH_SHA_384 => Hash::Sha384,
        rfc5912::SHA_512_WITH_RSA_ENCRYPTION | rfc5912::ECDSA_WITH_SHA_512 => Hash::Sha512,
        _ => return None,
    })
}

fn rsa_key(key: &SubjectPublicKeyInfoOwned) -> Result<rsa::RsaPublicKey, Message> {
    use rsa::pkcs8::DecodePublicKey as _;
    let unreadable = |detail: String| Message::ProblemKey { detail };
    let der = key.to_der().map_err(|e| unreadable(e.to_string()))?;
    rsa::RsaPublicKey::from_public_key_der(&der).map_err(|e| unreadable(e.to_string()))
}

fn unsupported(oid: &ObjectIdentifier) -> Message {
    Message::ProblemUnsupported {
        algorithm: oid.to_string(),
    }
}

/// RSASSA-PSS with the digest and salt length its parameters give (RFC 4055).
fn pss(algorithm: &AlgorithmIdentifierOwned) -> Option<rsa::Pss> {
    let params = algorithm.parameters.as_ref()?.to_der().ok()?;
    let params = rsa::pkcs1::RsaPssParams::from_der(&params).ok()?;
    let salt = usize::from(params.salt_len);
    Some(match Hash::of_oid(&params.hash.oid)? {
        Hash::Sha224 => rsa::Pss::new_with_salt::<sha2::Sha224>(salt),
        Hash::Sha256 => rsa::Pss::new_with_salt::<sha2::Sha256>(salt),
        Hash::Sha384 => rsa::Pss::new_with_salt::<sha2::Sha384>(salt),
        Hash::Sha512 => rsa::Pss::new_with_salt::<sha2::Sha512>(salt),
    })
}

/// ECDSA on P-256 or P-384, the curve named by the key; `Err(None)`: not valid.
fn ecdsa(
    key: &SubjectPublicKeyInfoOwned,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), Option<Message>> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
    let curve =
        (key.algorithm.parameters.as_ref()).and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    let point = key.subject_public_key.raw_bytes();
    let unreadable = |e: p256::ecdsa::Error| {
        Some(Message::ProblemKey {
            detail: e.to_string(),
        })
    };
    match curve {
        Some(rfc5912::SECP_256_R_1) => {
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(unreadable)?;
            let signature = p256::ecdsa::Signature::from_der(signature).map_err(|_| None)?;
            key.verify_prehash(digest, &signature).map_err(|_| None)
        }
        Some(rfc5912::SECP_384_R_1) => {
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(unreadable)?;
            let signature = p384::ecdsa::Signature::from_der(signature).map_err(|_| None)?;
            key.verify_prehash(digest, &signature).map_err(|_| None)
        }
        Some(other) => Err(Some(unsupported(&other))),
        None => Err(Some(unsupported(&key.algorithm.oid))),
    }
}

/// The name a person knows a certificate by: its common name, else its whole subject.
pub fn common_name(certificate: &Certificate) -> String {
    let subject = &certificate.tbs_certificate.subject;
    let common = (subject.0.iter().rev())
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == der::oid::db::rfc4519::CN)
        .and_then(|atv| directory_string(&atv.value));
    common.unwrap_or_else(|| subject.to_string())
}

fn directory_string(value: &der::Any) -> Option<String> {
    use der::{Tag, Tagged as _};
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString => {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
        Tag::BmpString => {
            let units: Vec<u16> = (bytes.chunks_exact(2))
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        _ => None,
    }
}
