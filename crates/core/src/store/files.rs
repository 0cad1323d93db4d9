//! Writing files so that a crash or a pulled disk never leaves half of one: write beside,
//! flush, rename over, flush the folder. Every file Rapport writes is private to its user.

use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Write to a temporary sibling, flush it to disk, rename over the target, flush the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| {
        let mut f = open_private(&tmp, OpenOptions::new().write(true).create(true).truncate(true))?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(Error::io(format!("writing {}", path.display())))
}

/// Opens `path` for writing, creating it private to this user (0600) if it does not exist,
/// and making it private if it does: every file in a vault folder is readable only by its
/// owner.
pub(crate) fn open_private(path: &Path, options: &mut OpenOptions) -> std::io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    restrict_permissions(&file)?;
    Ok(file)
}

/// Creates `path` empty and private to this user if it does not exist (a database file that
/// SQLite is about to fill: the write-ahead log and shared-memory files it makes beside it
/// take the same permissions).
pub(crate) fn create_private_empty(path: &Path) -> std::io::Result<()> {
    open_private(path, OpenOptions::new().write(true).create(true).truncate(false)).map(drop)
}

pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(unix)]
pub(crate) fn restrict_permissions(f: &File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
pub(crate) fn restrict_permissions(_f: &File) -> std::io::Result<()> {
    Ok(())
}

/// The device (disk) a path is on, to tell two disks apart; `None` where the platform does not
/// say or the path cannot be read.
#[cfg(unix)]
pub(crate) fn device_of(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| m.dev())
}

#[cfg(not(unix))]
pub(crate) fn device_of(_path: &Path) -> Option<u64> {
    None
}
