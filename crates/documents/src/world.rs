//! The closed world a document is typeset in: typst sees the templates built into this crate,
//! one JSON file holding the document's data, the fonts built into this crate and the day the
//! caller gave. It sees no file system, no system fonts, no package registry and no clock.

use crate::date::Day;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The path of the document's data inside the world; templates read it with
/// `json("/data.json")`.
pub(crate) const DATA_PATH: &str = "/data.json";

/// What any package import is told.
pub(crate) const NO_PACKAGES: &str = "packages are not available: documents are typeset \
    offline from the templates built into Rapport, so nothing can be imported or downloaded";

/// The fonts every document may use, built into the binary.
const FONT_FILES: [&[u8]; 6] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../fonts/NotoSans-BoldItalic.ttf"),
    include_bytes!("../fonts/DejaVuSansMono.ttf"),
    include_bytes!("../fonts/DejaVuSansMono-Bold.ttf"),
];

/// The shared templates, imported by each document's own.
const SHARED: [(&str, &str); 2] = [
    ("/frame.typ", include_str!("../templates/frame.typ")),
    ("/charts.typ", include_str!("../templates/charts.typ")),
];

/// Each document's own template: the main file of its world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Template {
    SafetyPlan,
    Formulation,
    RecoverySheet,
    ProgressReport,
    Circles,
    ConclusionSummary,
    FullRecord,
}

impl Template {
    const ALL: [Template; 7] = [
        Template::SafetyPlan,
        Template::Formulation,
        Template::RecoverySheet,
        Template::ProgressReport,
        Template::Circles,
        Template::ConclusionSummary,
        Template::FullRecord,
    ];

    fn path(self) -> &'static str {
        match self {
            Template::SafetyPlan => "/safety-plan.typ",
            Template::Formulation => "/formulation.typ",
            Template::RecoverySheet => "/recovery-sheet.typ",
            Template::ProgressReport => "/progress-report.typ",
            Template::Circles => "/circles.typ",
            Template::ConclusionSummary => "/conclusion-summary.typ",
            Template::FullRecord => "/full-record.typ",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Template::SafetyPlan => include_str!("../templates/safety-plan.typ"),
            Template::Formulation => include_str!("../templates/formulation.typ"),
            Template::RecoverySheet => include_str!("../templates/recovery-sheet.typ"),
            Template::ProgressReport => include_str!("../templates/progress-report.typ"),
            Template::Circles => include_str!("../templates/circles.typ"),
            Template::ConclusionSummary => include_str!("../templates/conclusion-summary.typ"),
            Template::FullRecord => include_str!("../templates/full-record.typ"),
        }
    }
}

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> =
        FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

/// The standard library, without inputs: documents take their data from the JSON file only.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn project_file(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("{path} is not a usable path ({e})"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// Every template parsed once, by the same file ids each time (file ids are interned for the
/// life of the process, so a fixed set of paths keeps their number fixed).
struct Templates {
    sources: Vec<Source>,
    data: FileId,
}

static TEMPLATES: LazyLock<Result<Templates, String>> = LazyLock::new(|| {
    let mut sources = Vec::new();
    for (path, text) in SHARED {
        sources.push(Source::new(project_file(path)?, text.to_string()));
    }
    for template in Template::ALL {
        sources.push(Source::new(project_file(template.path())?, template.text().to_string()));
    }
    Ok(Templates { sources, data: project_file(DATA_PATH)? })
});

/// One document's world. `main` is the document's template unless a test puts another source
/// in its place.
pub(crate) struct ClosedWorld {
    main: Source,
    templates: &'static Templates,
    data: Bytes,
    today: Datetime,
}

impl ClosedWorld {
    pub fn new(template: Template, data: Vec<u8>, today: Day) -> Result<Self, String> {
        let templates = TEMPLATES.as_ref().map_err(Clone::clone)?;
        let id = project_file(template.path())?;
        let main = templates
            .sources
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| format!("the template {} is missing", template.path()))?;
        Self::with_main(main, data, today)
    }

    /// A world whose main file is `source` (at `path`), beside the shared templates.
    #[cfg(test)]
    pub fn with_source(
        path: &str,
        source: &str,
        data: Vec<u8>,
        today: Day,
    ) -> Result<Self, String> {
        Self::with_main(Source::new(project_file(path)?, source.to_string()), data, today)
    }

    fn with_main(main: Source, data: Vec<u8>, today: Day) -> Result<Self, String> {
        let templates = TEMPLATES.as_ref().map_err(Clone::clone)?;
        let today = Datetime::from_ymd(today.year, today.month, today.day)
            .ok_or_else(|| "the document date is not a day".to_string())?;
        Ok(ClosedWorld { main, templates, data: Bytes::new(data), today })
    }

    fn refuse_packages(id: FileId) -> FileResult<()> {
        match id.root() {
            VirtualRoot::Project => Ok(()),
            VirtualRoot::Package(_) => {
                Err(FileError::Package(PackageError::Other(Some(NO_PACKAGES.into()))))
            }
        }
    }
}

impl World for ClosedWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        Self::refuse_packages(id)?;
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        if id == self.templates.data {
            return Err(FileError::NotSource);
        }
        self.templates
            .sources
            .iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        Self::refuse_packages(id)?;
        if id == self.templates.data {
            return Ok(self.data.clone());
        }
        self.source(id).map(|s| Bytes::from_string(s.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Whether any of the built-in fonts has a glyph for `c`.
#[cfg(test)]
pub(crate) fn has_glyph(c: char) -> bool {
    FONTS.fonts.iter().any(|f| f.info().coverage.contains(u32::from(c)))
}
