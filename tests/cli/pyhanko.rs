//! pyHanko (PyPI) and openssl for the tests of signed returns: a test PKI made at test
//! time, and Python run in the venv `scripts/test` installs pyHanko and icalendar into.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::*;

/// pyHanko's steps, run in one Python process (it takes a second to start): one line per
/// step, its words separated by tabs.
/// `sign IN OUT FIELD KEY CERT` fills the existing signature field FIELD;
/// `draw IN OUT` appends a content stream to the first page in an incremental update.
pub const PYHANKO_STEPS: &str = r#"
import sys
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

for line in sys.stdin.read().splitlines():
    step, src, dst, *rest = line.split("\t")
    with open(src, "rb") as f, open(dst, "wb") as out:
        writer = IncrementalPdfFileWriter(f)
        if step == "sign":
            field, key, cert = rest
            signer = signers.SimpleSigner.load(key, cert)
            meta = signers.PdfSignatureMetadata(field_name=field)
            signers.sign_pdf(writer, meta, signer=signer, output=out, existing_fields_only=True)
        elif step == "draw":
            stream = generic.StreamObject(stream_data=b"q 1 0 0 rg 50 50 200 200 re f Q")
            writer.add_stream_to_page(0, writer.add_object(stream))
            writer.write(out)
        else:
            sys.exit(f"unknown step {step}")
"#;

/// The Python of the venv `scripts/test` installs pyHanko (and icalendar) into.
pub fn python() -> PathBuf {
    let python = root().join("target/pyhanko-venv/bin/python");
    assert!(
        python.exists(),
        "pyHanko is missing: run scripts/test, which installs it in target/pyhanko-venv"
    );
    python
}

/// Runs `script` with the venv's Python, `input` on its standard input.
pub fn run_python(script: &str, args: &[&str], input: &str) -> String {
    let mut child = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python runs");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "python: {}", stderr(&output));
    stdout(&output)
}

/// A test PKI, in `dir`: a root, three signers it certifies (RSA, P-256, P-384) and a
/// self-signed stranger.
pub fn make_pki(dir: &Path) {
    let openssl = |args: &[&str]| {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl runs");
        assert!(
            output.status.success(),
            "openssl {args:?}: {}",
            stderr(&output)
        );
    };
    let leaf = ["-addext", "basicConstraints=critical,CA:FALSE"];
    let signing = [
        "-addext",
        "keyUsage=critical,digitalSignature,nonRepudiation",
    ];
    let by_root = ["-CA", "root.pem", "-CAkey", "root.key"];
    let certificate = |name: &str, key: &[&str], subject: &str, extra: &[&str]| {
        let (key_out, cert_out, subject) = (
            format!("{name}.key"),
            format!("{name}.pem"),
            format!("/CN={subject}"),
        );
        let mut args = vec!["req", "-x509", "-nodes", "-days", "30", "-newkey"];
        args.extend_from_slice(key);
        args.extend(["-keyout", &key_out, "-out", &cert_out, "-subj", &subject]);
        args.extend_from_slice(extra);
        openssl(&args);
    };
    let p256 = ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"];
    let root = [
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ];
    certificate("root", &p256, "Caf Test Root", &root);
    let certified: Vec<&str> = [&by_root[..], &leaf, &signing].concat();
    certificate("alice", &["rsa:2048"], "Alice Rsa", &certified);
    certificate("bob", &p256, "Bob Ecdsa", &certified);
    certificate(
        "carol",
        &["ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
        "Carol Ecdsa",
        &certified,
    );
    certificate("mallory", &p256, "Mallory", &[&leaf[..], &signing].concat());
}
