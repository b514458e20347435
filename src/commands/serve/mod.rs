//! `convgen serve`: the web workspace over a directory of conventions, for staff who never
//! open a terminal — a page and its JSON API under `/api/`, on the same pipeline as the
//! command line. It listens on loopback unless told otherwise, and answers only requests
//! that carry its token, name its own address as `Host` and, when they change something,
//! come from its own origin.

mod annexes;
mod answers;
mod api;
pub mod auth;
mod avenants;
mod convention;
mod deadlines;
mod drafts;
mod edit;
mod form;
mod guard;
mod listing;
mod page;
mod period;
mod presence;
mod renamed;
mod returns;
mod sheets;
mod signed;
mod since;
mod tasks;
mod typed;
mod versions;
mod workspace;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};

use super::{CommandError, Outcome};
use crate::pipeline::Engine;
use crate::render::SignatureTags;
use crate::templates::Templates;
use workspace::Workspace;

/// What `serve` is asked to do.
#[derive(Debug)]
pub struct Config {
    /// The directory of convention files.
    pub dir: PathBuf,
    /// Where to listen: 127.0.0.1:8080 unless told otherwise (port 0: any free port).
    pub listen: SocketAddr,
    pub templates: Option<PathBuf>,
    /// The program that opens the page once listening (`xdg-open`, or `BROWSER`), if asked.
    pub open: Option<String>,
    /// How messages leave, or why sending is off (the page says so).
    pub mail: Result<super::send::Mail, String>,
    /// Who may use it: the token (one person) or a proxy that names each user.
    pub auth: auth::Auth,
    /// The address the proxy serves it at, for the `Host` and origin checks.
    pub public_url: Option<auth::PublicUrl>,
}

/// What every request shares.
pub struct App {
    workspace: Workspace,
    engine: Engine,
    /// The engines that write a signature platform's text tags, made when first asked for.
    tagged: [std::sync::OnceLock<Engine>; 2],
    /// The secret every request carries (cookie or `Authorization: Bearer`).
    token: String,
    /// The `Host` values this server answers to.
    hosts: Vec<String>,
    /// The origins its page runs from.
    origins: Vec<String>,
    /// How requests are admitted, and whose they are.
    auth: auth::Auth,
    /// Who has each convention open.
    presence: presence::Presence,
    /// The templates folder given, for the commands the page runs.
    templates: Option<PathBuf>,
    /// How messages leave, or why sending is off.
    mail: Result<super::send::Mail, String>,
    /// Held while writing into the output folder (PDFs, manifest, journal): one writer at a
    /// time, so that two tabs never send one document twice nor lose a manifest entry.
    output: Mutex<()>,
    /// The preview's drafts, compiled once a version, and its page images, drawn once.
    drafts: drafts::Drafts,
    /// Turns to render, one per core: a burst of previews queues instead of holding a
    /// document per request in memory.
    renders: Arc<tokio::sync::Semaphore>,
    /// Each page's burst of form edits, by page and file: one version for the burst.
    bursts: Mutex<std::collections::HashMap<(String, PathBuf), Burst>>,
}

/// A page's edits of one file, field after field.
struct Burst {
    /// The etag its last save left.
    etag: String,
    started: std::time::Instant,
    last: std::time::Instant,
}

/// A save this soon after the same page's previous one continues its burst…
const BURST_PAUSE: std::time::Duration = std::time::Duration::from_secs(60);
/// …which lasts at most this long: a long session still makes a version now and then.
const BURST_LENGTH: std::time::Duration = std::time::Duration::from_secs(600);

impl App {
    /// Waits for a turn to render, held until the permit is dropped.
    pub(super) async fn turn_to_render(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        Arc::clone(&self.renders).acquire_owned().await.ok()
    }

    /// The etag `page`'s last save of `path` left, while its burst of edits goes on.
    fn burst(&self, page: &str, path: &std::path::Path) -> Option<String> {
        let bursts = self.bursts.lock().unwrap_or_else(|e| e.into_inner());
        let burst = bursts.get(&(page.to_string(), path.to_path_buf()))?;
        let now = std::time::Instant::now();
        let going = now.duration_since(burst.last) < BURST_PAUSE
            && now.duration_since(burst.started) < BURST_LENGTH;
        going.then(|| burst.etag.clone())
    }

    /// `page` saved `path`, leaving `etag`; `continued`: as part of its burst.
    fn burst_saved(&self, page: &str, path: &std::path::Path, etag: &str, continued: bool) {
        let mut bursts = self.bursts.lock().unwrap_or_else(|e| e.into_inner());
        let now = std::time::Instant::now();
        bursts.retain(|_, b| now.duration_since(b.last) < BURST_PAUSE);
        let key = (page.to_string(), path.to_path_buf());
        let started = match bursts.get(&key) {
            Some(burst) if continued => burst.started,
            _ => now,
        };
        let etag = etag.to_string();
        bursts.insert(
            key,
            Burst {
                etag,
                started,
                last: now,
            },
        );
    }

    /// The engine that writes `tags` (none: the one that writes no tag).
    fn engine(&self, tags: Option<SignatureTags>) -> Result<&Engine, CommandError> {
        let Some(tags) = tags else {
            return Ok(&self.engine);
        };
        let slot = &self.tagged[tags as usize];
        if let Some(engine) = slot.get() {
            return Ok(engine);
        }
        let templates = Templates::load(self.templates.as_deref())?;
        let engine = Engine::new(templates).with_signature_tags(Some(tags));
        Ok(slot.get_or_init(|| engine))
    }
}

/// The language of a request: French, unless the browser asks for English first.
#[derive(Clone, Copy, Debug)]
pub struct PageLang(pub crate::i18n::Lang);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(axum::http::header::ACCEPT_LANGUAGE);
        let header = header.and_then(|v| v.to_str().ok()).unwrap_or_default();
        Ok(PageLang(crate::i18n::Lang::of_accept_language(header)))
    }
}

/// Runs `convgen serve` until the process is stopped.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(|source| CommandError::Serve { source })?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen).await;
        let listener = listener.map_err(|source| CommandError::Serve { source })?;
        let address = listener
            .local_addr()
            .map_err(|source| CommandError::Serve { source })?;
        let (router, token, _) = app_router(config, address)?;
        let _opened = match &config.auth {
            auth::Auth::Token => announce(&format!("http://{address}/#token={token}"), config),
            auth::Auth::Proxy(_) => announce_proxied(address, config),
        };
        accept(listener, router).await;
        Ok::<_, CommandError>(())
    })?;
    Ok(Outcome::AllGood)
}

/// How long a client may take to send a request's headers: a connection that trickles
/// them (slowloris) is closed rather than held.
const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves each connection accepted, HTTP/1.1 with a time limit on its headers; each request
/// carries the peer's address (`ConnectInfo`).
async fn accept(listener: tokio::net::TcpListener, router: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt as _;
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors, say: wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let router = router.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(
                move |mut request: axum::http::Request<hyper::body::Incoming>| {
                    let info = axum::extract::ConnectInfo(peer);
                    request.extensions_mut().insert(info);
                    router.clone().oneshot(request.map(axum::body::Body::new))
                },
            );
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The workspace over `config.dir` as served at `address`, without binding a socket: its
/// router, its token and a `Host` value the guard accepts. `run` serves it; it is public
/// only for the fuzz target (`fuzz/fuzz_targets/serve.rs`), which sends it requests in memory.
#[doc(hidden)]
pub fn app_router(
    config: &Config,
    address: SocketAddr,
) -> Result<(Router, String, String), CommandError> {
    let engine = Engine::new(Templates::load(config.templates.as_deref())?);
    let token = guard::new_token()?;
    let workspace = Workspace::new(&config.dir);
    workspace.clean();
    let (hosts, origins) = auth::hosts_and_origins(address, config.public_url.as_ref());
    let host = hosts[0].clone();
    let app = Arc::new(App {
        workspace,
        engine,
        tagged: Default::default(),
        token: token.clone(),
        hosts,
        origins,
        auth: config.auth.clone(),
        presence: Default::default(),
        templates: config.templates.clone(),
        mail: config.mail.clone(),
        output: Mutex::new(()),
        drafts: Default::default(),
        bursts: Mutex::default(),
        renders: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        )),
    });
    Ok((router(app), token, host))
}

/// Prints the address to open (the token in its fragment) and opens it when asked; the
/// folder of the page that opens it is kept while the server runs.
fn announce(url: &str, config: &Config) -> Option<tempfile::TempDir> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "convgen serve: {} — open {url}", config.dir.display());
    let _ = out.flush();
    let opener = config.open.as_deref()?;
    match open_page(url, opener) {
        Ok(folder) => Some(folder),
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "cannot open the page with `{opener}` ({e})"
            );
            None
        }
    }
}

/// Says where a server behind a proxy listens, and the address its users open.
fn announce_proxied(address: SocketAddr, config: &Config) -> Option<tempfile::TempDir> {
    use std::io::Write as _;
    let public = config.public_url.as_ref().map(|p| p.origin.clone());
    let message = crate::i18n::Message::ServeBehindProxy {
        dir: config.dir.display().to_string(),
        public: public.unwrap_or_default(),
        address: format!("http://{address}/"),
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{message}");
    let _ = out.flush();
    None
}

/// Opens `url` through a page only this user can read, which sends the browser on to it:
/// the token never appears in a program's arguments, which every user of the machine sees.
fn open_page(url: &str, opener: &str) -> std::io::Result<tempfile::TempDir> {
    use std::io::Write as _;
    let folder = tempfile::Builder::new()
        .prefix("convgen-serve-")
        .tempdir()?;
    let page = folder.path().join("ouvrir.html");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let html = format!(
        "<!doctype html><meta charset=\"utf-8\"><title>convgen</title>\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\
         <a href=\"{url}\">Ouvrir l’espace de travail</a>\n"
    );
    options.open(&page)?.write_all(html.as_bytes())?;
    std::process::Command::new(opener).arg(&page).spawn()?;
    Ok(folder)
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page::page))
        .route("/workspace.js", get(page::script))
        .route("/workspace.css", get(page::style))
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
        .route("/api/workspace", get(page::workspace))
        .route("/api/format", get(page::format))
        .route("/api/conventions", get(page::list).post(tasks::create))
        .route(
            "/api/conventions/{reference}",
            get(api::convention).put(api::save).patch(api::edit),
        )
        .route(
            "/api/conventions/{reference}/pages/{page}",
            get(api::page_image),
        )
        .route("/api/conventions/{reference}/history", get(tasks::history))
        .route(
            "/api/conventions/{reference}/presence",
            post(presence::presence),
        )
        .route("/api/conventions/{reference}/changes", get(tasks::changes))
        .route(
            "/api/conventions/{reference}/versions",
            post(versions::close),
        )
        .route(
            "/api/conventions/{reference}/take-in",
            post(avenants::take_in),
        )
        .route(
            "/api/conventions/{reference}/avenant",
            post(versions::avenant),
        )
        .route(
            "/api/conventions/{reference}/withdraw",
            post(avenants::withdraw),
        )
        .route("/api/conventions/{reference}/pages", get(api::page_hashes))
        .route("/api/conventions/{reference}/since", post(since::since))
        .route(
            "/api/conventions/{reference}/annexes",
            post(annexes::upload).layer(axum::extract::DefaultBodyLimit::max(
                annexes::MAX_ANNEX_BYTES,
            )),
        )
        .route("/api/conventions/{reference}/preview", post(tasks::preview))
        .route("/api/conventions/{reference}/send", post(tasks::send))
        .route("/api/renew", post(tasks::renew))
        .route("/api/export", get(sheets::export_plan))
        .route("/api/export.xlsx", get(sheets::export))
        .route(
            "/api/import",
            post(sheets::import).layer(axum::extract::DefaultBodyLimit::max(64 << 20)),
        )
        .route("/api/journal", get(tasks::sent))
        .route(
            "/api/conventions/{reference}/signed",
            get(returns::last).post(returns::drop_on_convention),
        )
        .route("/api/signed", post(returns::drop_on_list))
        .route("/api/calendar.ics", get(deadlines::calendar))
        .route("/api/deadlines", get(deadlines::upcoming))
        .route("/api/check", post(api::check))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            guard::guard,
        ))
        .with_state(app)
}
