//! Printing a typeset document through the operating system's print dialog, with no file
//! written anywhere.
//!
//! Each print job gets a window of its own, labelled `print-<n>`, whose pages are served from
//! memory by the `rapport-print` protocol: an HTML page holding one image per typeset page
//! (SVG, laid out at the paper's size) and its style sheet, nothing else. Once the page has
//! loaded, the window's native print call opens the system dialog for that same document.
//! The window is granted no commands (the capability names only `main`), runs no script (its
//! content security policy allows none), cannot navigate away, and keeps nothing on disk
//! (incognito). Closing it, or locking the vault, drops the job from memory.

use rapport_core::Paper;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use tauri::http::{Request, Response, StatusCode, header};
use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

/// The protocol the print windows are served from.
pub const SCHEME: &str = "rapport-print";
/// Print windows are labelled with this prefix and a number.
pub const LABEL_PREFIX: &str = "print-";

/// A document waiting in a print window: its pages as SVG, on its paper.
pub struct Job {
    pub title: String,
    pub pages: Vec<String>,
    pub paper: Paper,
}

/// The documents held for open print windows, by window label.
#[derive(Default)]
pub struct PrintJobs {
    jobs: Mutex<HashMap<String, Job>>,
    next: AtomicU64,
}

impl PrintJobs {
    fn insert(&self, job: Job) -> String {
        let label = format!("{LABEL_PREFIX}{}", self.next.fetch_add(1, Ordering::SeqCst) + 1);
        self.lock().insert(label.clone(), job);
        label
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Job>> {
        self.jobs.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Forgets a job (its window closed).
    pub fn remove(&self, label: &str) {
        self.lock().remove(label);
    }

    /// Closes every print window and forgets every job (the vault locked).
    pub fn close_all<R: Runtime>(&self, app: &AppHandle<R>) {
        let labels: Vec<String> = self.lock().drain().map(|(label, _)| label).collect();
        for label in labels {
            if let Some(window) = app.get_webview_window(&label) {
                let _ = window.destroy();
            }
        }
    }
}

/// Opens a print window for `job`; the system's print dialog follows once it has loaded.
pub fn open<R: Runtime>(app: &AppHandle<R>, job: Job) -> tauri::Result<()> {
    let jobs = app.state::<PrintJobs>();
    let title = format!("Print: {}", job.title);
    let label = jobs.insert(job);
    // WebView2 serves a custom protocol as http://<scheme>.localhost; the others as
    // <scheme>://localhost.
    let start = if cfg!(windows) {
        format!("http://{SCHEME}.localhost/index.html")
    } else {
        format!("{SCHEME}://localhost/index.html")
    };
    let url = tauri::Url::parse(&start).map_err(tauri::Error::InvalidUrl)?;
    let printed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let built = WebviewWindowBuilder::new(app, &label, WebviewUrl::CustomProtocol(url))
        .title(title)
        .inner_size(900.0, 1000.0)
        // One web context for every print window, kept apart from the main window's. On Linux
        // the runtime registers the app's protocols once per web context (keyed by its data
        // directory) and keeps it for the app's life: a print window made incognito would get
        // a fresh context without them ("The URL can't be shown"). So print windows share a
        // context of their own, in the app's data folder; it holds no record: every page is
        // served from memory with `no-store`, and the pages run no script and keep no storage.
        .data_directory(print_context_dir(app)?)
        .disable_drag_drop_handler()
        .on_navigation(is_own)
        .on_page_load(move |webview, payload| {
            if payload.event() == PageLoadEvent::Finished && !printed.swap(true, Ordering::SeqCst) {
                let _ = webview.print();
            }
        })
        .build();
    if built.is_err() {
        jobs.remove(&label);
    }
    built.map(|_| ())
}

/// The web context print windows share, under the app's local data folder.
fn print_context_dir<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<std::path::PathBuf> {
    Ok(app.path().app_local_data_dir()?.join("print-window"))
}

/// Whether `url` is one of the print protocol's own pages (on Windows it is served as
/// `http://rapport-print.localhost`).
fn is_own(url: &tauri::Url) -> bool {
    url.scheme() == SCHEME || url.host_str() == Some("rapport-print.localhost")
}

/// Answers a print window's request from the job held for it.
pub fn serve<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    request: &Request<Vec<u8>>,
) -> Response<Vec<u8>> {
    let jobs = app.state::<PrintJobs>();
    let held = jobs.lock();
    let Some(job) = held.get(label) else { return not_found() };
    let path = request.uri().path();
    match path {
        "/" | "/index.html" => ok("text/html; charset=utf-8", index(job).into_bytes()),
        "/print.css" => ok("text/css; charset=utf-8", style(job.paper).into_bytes()),
        _ => {
            let page = path
                .strip_prefix("/page-")
                .and_then(|p| p.strip_suffix(".svg"))
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| job.pages.get(i));
            match page {
                Some(svg) => ok("image/svg+xml", svg.clone().into_bytes()),
                None => not_found(),
            }
        }
    }
}

fn ok(content_type: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, "no-store")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; img-src 'self'; style-src 'self'; base-uri 'none'; \
             form-action 'none'; frame-ancestors 'none'",
        )
        .body(body)
        .unwrap_or_else(|_| not_found())
}

fn not_found() -> Response<Vec<u8>> {
    let mut response = Response::new(Vec::new());
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}

/// Text for HTML: the five characters that could start markup, escaped.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn index(job: &Job) -> String {
    let count = job.pages.len();
    let pages: String = (1..=count)
        .map(|n| {
            format!(
                "<div class=\"page\"><img src=\"page-{n}.svg\" alt=\"Page {n} of {count}\"></div>\n"
            )
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"print.css\"></head>\
         <body>\n{pages}</body></html>\n",
        escaped(&job.title)
    )
}

fn style(paper: Paper) -> String {
    let (size, width, height) = match paper {
        Paper::A4 => ("A4", "210mm", "297mm"),
        Paper::Letter => ("letter", "8.5in", "11in"),
    };
    // Each page is a box a millimetre shorter than the paper, clipping the blank bottom
    // margin: a box exactly as tall as the paper can round past it and push a blank page
    // after every page.
    format!(
        "@page {{ size: {size}; margin: 0; }}\n\
         html, body {{ margin: 0; padding: 0; }}\n\
         .page {{ width: {width}; height: calc({height} - 1mm); overflow: hidden; }}\n\
         .page + .page {{ break-before: page; }}\n\
         img {{ display: block; width: {width}; height: {height}; }}\n\
         @media screen {{\n\
           body {{ background: #6b6b6b; padding: 16px 0; }}\n\
           .page {{ margin: 0 auto 16px; background: #fff; box-shadow: 0 1px 6px rgb(0 0 0 / 40%); }}\n\
         }}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_escapes_the_title_and_lists_every_page() {
        let job = Job {
            title: "<script>alert(1)</script> & \"Ann\"".into(),
            pages: vec!["<svg/>".into(), "<svg/>".into()],
            paper: Paper::Letter,
        };
        let html = index(&job);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ann&quot;"));
        assert!(html.contains("page-1.svg") && html.contains("page-2.svg"));
        assert!(!html.contains("page-3.svg"));
        assert!(style(job.paper).contains("size: letter"));
        assert!(style(Paper::A4).contains("size: A4"));
    }
}
