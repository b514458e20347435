//! The workspace under stress: killed in the middle of saves, and edited by ten clients at
//! once. Short by default; `CONVGEN_LOAD_SECS=60` (and `CONVGEN_CRASH_ROUNDS`) for long runs.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::serve::{Server, start};
use crate::tempdir;

const HOUVE: &str = "fixtures/ctg/CTG-057-2021-HOUVE.toml";

fn secs(variable: &str, default: u64) -> u64 {
    std::env::var(variable)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A folder of `count` copies of HOUVE, each under its own reference `T<n>`.
fn folder(count: usize) -> tempfile::TempDir {
    let dir = tempdir();
    let text = std::fs::read_to_string(crate::root().join(HOUVE)).unwrap();
    for n in 0..count {
        let copy = text.replacen(
            "reference = \"CTG-057-2021-HOUVE\"",
            &format!("reference = \"T{n}\""),
            1,
        );
        std::fs::write(dir.path().join(format!("T{n}.toml")), copy).unwrap();
    }
    dir
}

/// One save as the page makes it: read the etag, put the text; the answer's status.
fn save(server: &Server, reference: &str, text: &str) -> (u16, String) {
    let path = format!("/api/conventions/{reference}");
    let etag = server.get(&path).json()["etag"]
        .as_str()
        .unwrap()
        .to_string();
    let answer = server.request("PUT", &path, &[("If-Match", &etag)], text);
    (
        answer.status,
        String::from_utf8_lossy(&answer.body).into_owned(),
    )
}

/// One request that may fail (the server may be gone): its status and body.
fn try_request(
    address: &str,
    token: &str,
    head: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address)?;
    let request = format!(
        "{head}\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let broken = || std::io::Error::other("cut short");
    let (head, body) = answer.split_once("\r\n\r\n").ok_or_else(broken)?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(broken)?;
    Ok((status, body.to_string()))
}

#[test]
fn a_server_killed_mid_save_leaves_each_file_whole_and_restarts_clean() {
    let mut dir = folder(1);
    let first = std::fs::read_to_string(dir.path().join("T0.toml")).unwrap();
    // Saves of different sizes, so that a kill may fall in the middle of a long write.
    let first = Arc::new(first);
    let text = {
        let first = Arc::clone(&first);
        move |n: usize| format!("{first}# save {n}\n# {}\n", "x".repeat(n % 7 * 20_000))
    };
    let mut sent: BTreeSet<String> = BTreeSet::from([text(0)]);
    sent.insert(std::fs::read_to_string(dir.path().join("T0.toml")).unwrap());
    for round in 0..secs("CONVGEN_CRASH_ROUNDS", 4) as usize {
        let server = start(dir, &[]);
        let (address, token) = (server.address.clone(), server.token.clone());
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        // Saves begun, so that the kill falls among them however loaded the machine is.
        let begun = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let writer = {
            let (stop, begun) = (Arc::clone(&stop), Arc::clone(&begun));
            let text = text.clone();
            std::thread::spawn(move || {
                let mut tried = Vec::new();
                for n in (round * 100_000 + 1).. {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    let Ok((200, body)) =
                        try_request(&address, &token, "GET /api/conventions/T0 HTTP/1.1", "")
                    else {
                        break;
                    };
                    let read: serde_json::Value = serde_json::from_str(&body).unwrap();
                    let etag = read["etag"].as_str().unwrap().to_string();
                    let next = text(n);
                    tried.push(next.clone());
                    begun.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let head = format!("PUT /api/conventions/T0 HTTP/1.1\r\nIf-Match: {etag}");
                    if try_request(&address, &token, &head, &next).is_err() {
                        break;
                    }
                }
                tried
            })
        };
        let waited = std::time::Instant::now();
        while begun.load(std::sync::atomic::Ordering::Relaxed) < 2
            && waited.elapsed() < Duration::from_secs(30)
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(90 * round as u64));
        dir = server.kill();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let tried = writer.join().unwrap();
        assert!(tried.len() > 1, "round {round}: saves were under way");
        sent.extend(tried);
        let file = std::fs::read_to_string(dir.path().join("T0.toml")).unwrap();
        assert!(
            sent.contains(&file),
            "round {round}: the file is one whole version"
        );
        // A temporary file the kill cut short is no version: the next start removes it
        // (checked below).
        let versions = walk(&dir.path().join(".convgen-history/T0.toml"));
        let temporary = |v: &String| v.rsplit('/').next().is_some_and(|n| n.ends_with(".tmp"));
        for version in versions.iter().filter(|v| !temporary(v)) {
            let kept = std::fs::read_to_string(version).unwrap();
            assert!(
                sent.contains(&kept),
                "round {round}: {version} is a whole version"
            );
        }
    }
    // What a killed server leaves, planted for sure: a temporary file of a dead process.
    let planted = [
        dir.path().join(".convgen-999999999-a.tmp"),
        dir.path()
            .join(".convgen-history/T0.toml/.convgen-999999999-b.tmp"),
    ];
    for file in &planted {
        std::fs::write(file, "half").unwrap();
    }
    let server = start(dir, &[]);
    let leftovers: Vec<_> = (walk(server.dir.path()).into_iter())
        .filter(|p| p.ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files cleaned at start: {leftovers:?}"
    );
    assert_eq!(server.get("/api/conventions/T0").status, 200);
}

/// Every file below `dir`, as strings.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path.display().to_string());
        }
    }
    files
}

#[test]
fn ten_clients_at_once_lose_no_save_and_get_no_error_but_conflicts() {
    let server = Arc::new(start(folder(9), &[]));
    let deadline = Instant::now() + Duration::from_secs(secs("CONVGEN_LOAD_SECS", 3));
    let before = server.memory_kib();
    // Clients 0–7 edit files T0–T7 alone; clients 8 and 9 both edit T8.
    let clients: Vec<_> = (0..10)
        .map(|client| {
            let server = Arc::clone(&server);
            std::thread::spawn(move || {
                let reference = format!("T{}", client.min(8));
                let base = server.get(&format!("/api/conventions/{reference}")).json()["toml"]
                    .as_str()
                    .unwrap()
                    .to_string();
                let (mut saved, mut conflicts) = (Vec::new(), 0);
                let mut n = 0;
                while Instant::now() < deadline && n < 100_000 {
                    n += 1;
                    let text = format!("{base}# client {client}, save {n}\n");
                    match save(&server, &reference, &text) {
                        (200, _) => saved.push(text),
                        (409, _) => conflicts += 1,
                        (status, body) => panic!("client {client}: {status} {body}"),
                    }
                }
                (reference, saved, conflicts)
            })
        })
        .collect();
    let results: Vec<_> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    for (reference, saved, _) in results.iter().filter(|(r, ..)| r != "T8") {
        let file =
            std::fs::read_to_string(server.dir.path().join(format!("{reference}.toml"))).unwrap();
        assert_eq!(
            Some(&file),
            saved.last(),
            "{reference}: the last save is the file"
        );
        assert!(saved.len() > 3, "{reference}: saves went through");
    }
    // The shared file: every save that succeeded is the file or a version of its history.
    let mut kept: BTreeSet<String> = (walk(&server.dir.path().join(".convgen-history/T8.toml"))
        .iter())
    .map(|p| std::fs::read_to_string(p).unwrap())
    .collect();
    kept.insert(std::fs::read_to_string(server.dir.path().join("T8.toml")).unwrap());
    for (_, saved, _) in results.iter().filter(|(r, ..)| r == "T8") {
        for text in saved {
            assert!(kept.contains(text), "a save of T8 was lost");
        }
    }
    let after = server.memory_kib();
    let saves: usize = results.iter().map(|(_, s, _)| s.len()).sum();
    let conflicts: usize = results.iter().map(|(.., c)| c).sum();
    eprintln!("{saves} saves, {conflicts} conflicts; memory {before} KiB → {after} KiB");
    assert!(
        after < before + 200 * 1024,
        "memory stays bounded: {before} → {after} KiB"
    );
}
