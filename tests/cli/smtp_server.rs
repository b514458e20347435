//! Real SMTP servers on loopback for the `send` tests: the `mailin` crate's SMTP
//! implementation behind a plain TCP loop (mailin-embedded's loop, without its TLS layer),
//! and two misbehaving ones.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mailin::{Action, Handler, Response, SessionBuilder, response};

/// A message as the server received it.
#[derive(Clone, Debug, Default)]
pub struct Received {
    pub recipients: Vec<String>,
    pub data: Vec<u8>,
}

/// The server's side: keeps what it accepts, refuses one address if told to.
#[derive(Clone, Default)]
pub struct Mailroom {
    received: Arc<Mutex<Vec<Received>>>,
    current: Received,
    refuse: Option<String>,
}

impl Handler for Mailroom {
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, _from: &str) -> Response {
        self.current = Received::default();
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if self.refuse.as_deref() == Some(to) {
            return response::NO_MAILBOX;
        }
        self.current.recipients.push(to.to_string());
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.received
            .lock()
            .unwrap()
            .push(std::mem::take(&mut self.current));
        response::OK
    }
}

/// Starts an SMTP server on a free loopback port; returns its URL and its mailroom.
pub fn smtp_server(refuse: Option<&str>) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mailroom = Mailroom {
        refuse: refuse.map(str::to_string),
        ..Mailroom::default()
    };
    let received = Arc::clone(&mailroom.received);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = smtp_session(stream, mailroom.clone());
        }
    });
    (format!("smtp://127.0.0.1:{port}"), received)
}

/// One SMTP conversation, as mailin-embedded runs it.
pub fn smtp_session(stream: std::net::TcpStream, mailroom: Mailroom) -> std::io::Result<()> {
    let peer = stream.peer_addr()?.ip();
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut session = SessionBuilder::new("localhost").build(peer, mailroom);
    session.greeting().write_to(&mut writer)?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let response = session.process(&line);
        match response.action {
            Action::Reply => response.write_to(&mut writer)?,
            Action::Close => {
                response.write_to(&mut writer)?;
                return writer.flush();
            }
            Action::UpgradeTls | Action::NoReply => {}
        }
        writer.flush()?;
    }
}

/// A server that accepts connections and drops them at once.
pub fn dropping_server() -> (String, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let connections = Arc::new(Mutex::new(0));
    let count = Arc::clone(&connections);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            *count.lock().unwrap() += 1;
            drop(stream);
        }
    });
    (format!("smtp://127.0.0.1:{port}"), connections)
}

/// A server that accepts connections and then says nothing, ever.
pub fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    format!("smtp://127.0.0.1:{port}")
}
