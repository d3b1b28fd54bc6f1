//! The one rule for what a run may write, used by `build` and `batch` alike:
//! nothing mikit reads (the details or customer list, the shop file, every
//! template file) is ever written, replaced or removed; a file is only
//! ever replaced when it is a regular file (or a link, replaced as a name,
//! never followed) at a name mikit writes; and every refusal comes before
//! anything is written. Paths are compared after resolving links and `..`,
//! and by the file they name, so no spelling of a path gets around it.
//!
//! A plan is made of what the run reads and what it writes, checked as a
//! whole ([`Plan::check`]), then begun ([`Plan::begin`]): folders made and
//! locked, what a killed run left removed, an earlier run's files refused
//! unless they are to be replaced.

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};

use super::lock::{FolderLock, LOCK_NAME};
use super::{ensure_dir, folder_of, resolved, same_file};
use crate::error::{Error, NextStep, Result};

/// What a run reads and writes, and whether it may replace what is there.
pub struct Plan {
    force: bool,
    reads: Vec<Named>,
    writes: Vec<Target>,
    /// Where the run writes files it names as it goes (a batch's kits): the
    /// folder, and which names are its own.
    families: Vec<Family>,
    /// The folder the run writes into, created if missing (`-o`).
    home: Option<PathBuf>,
}

/// A file with what it is to the run, for messages: "the shop file".
struct Named {
    what: String,
    path: PathBuf,
}

struct Target {
    file: Named,
    /// Named by the person rather than by mikit (a merged PDF): a clash is
    /// mended by another name, not another folder.
    chosen: bool,
}

struct Family {
    dir: PathBuf,
    what: &'static str,
    own: fn(&str) -> bool,
}

/// A run under way: its folders locked until it is dropped.
pub struct Writing {
    _locks: Vec<FolderLock>,
    /// Unfinished files of an earlier, killed run that were removed.
    pub stale_removed: usize,
}

impl Plan {
    pub fn new(force: bool) -> Plan {
        Plan {
            force,
            reads: Vec::new(),
            writes: Vec::new(),
            families: Vec::new(),
            home: None,
        }
    }

    /// A file the run reads; `-` (standard input) is no file.
    pub fn reads(mut self, what: &str, path: &Path) -> Plan {
        if path.as_os_str() != "-" {
            self.reads.push(Named {
                what: what.to_string(),
                path: path.to_path_buf(),
            });
        }
        self
    }

    /// The folder the run writes into, made if missing.
    pub fn into_folder(mut self, dir: &Path) -> Plan {
        self.home = Some(dir.to_path_buf());
        self
    }

    /// A file the run writes under a name mikit chose.
    pub fn writes(mut self, what: &str, path: &Path) -> Plan {
        self.writes.push(Target {
            file: Named {
                what: what.to_string(),
                path: path.to_path_buf(),
            },
            chosen: false,
        });
        self
    }

    /// A file the run writes under a name the person chose.
    pub fn writes_chosen(mut self, what: &str, path: &Path) -> Plan {
        self.writes.push(Target {
            file: Named {
                what: what.to_string(),
                path: path.to_path_buf(),
            },
            chosen: true,
        });
        self
    }

    /// Files named as the run goes, in `dir`, each a name `own` accepts
    /// (compared in lower case, as FAT and exFAT sticks compare names).
    pub fn writes_named(mut self, dir: &Path, what: &'static str, own: fn(&str) -> bool) -> Plan {
        self.families.push(Family {
            dir: dir.to_path_buf(),
            what,
            own,
        });
        self
    }

    /// The folders written into, each once: every target's and family's.
    fn folders(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        let all = self
            .home
            .iter()
            .cloned()
            .chain(self.families.iter().map(|f| f.dir.clone()))
            .chain(
                self.writes
                    .iter()
                    .map(|t| folder_of(&t.file.path).to_path_buf()),
            );
        for dir in all {
            if !out.iter().any(|d| resolved(d) == resolved(&dir)) {
                out.push(dir);
            }
        }
        out
    }

    /// Every file the run writes under a known name: its targets and the
    /// lock of each folder it writes into.
    fn targets(&self) -> Vec<Target> {
        let mut out: Vec<Target> = self
            .writes
            .iter()
            .map(|t| Target {
                file: Named {
                    what: t.file.what.clone(),
                    path: t.file.path.clone(),
                },
                chosen: t.chosen,
            })
            .collect();
        out.extend(self.folders().into_iter().map(|dir| Target {
            file: Named {
                what: "the lock".to_string(),
                path: dir.join(LOCK_NAME),
            },
            chosen: false,
        }));
        out
    }

    /// Refuses, before anything is touched, a plan that would write over
    /// what it reads, write one file twice, write where a folder is, or
    /// replace what is not a regular file.
    pub fn check(&self) -> Result<()> {
        let targets = self.targets();
        for target in &targets {
            for input in &self.reads {
                if is_same(&target.file.path, &input.path) {
                    return Err(clash(
                        target,
                        &format!(
                            "would replace {} {}, which this run reads",
                            input.what,
                            input.path.display()
                        ),
                    ));
                }
            }
            if let Some(existing) = fs::symlink_metadata(&target.file.path).ok()
                && !replaceable(&existing)
            {
                return Err(not_replaceable(&target.file.path, &existing));
            }
            for dir in self.folders() {
                let (at, dir_at) = (resolved(&target.file.path), resolved(&dir));
                if at == dir_at || dir_at.starts_with(&at) {
                    return Err(clash(
                        target,
                        &format!(
                            "is the folder {}, where this run writes its files",
                            dir.display()
                        ),
                    ));
                }
            }
        }
        for (i, a) in targets.iter().enumerate() {
            for b in &targets[i + 1..] {
                if is_same(&a.file.path, &b.file.path) || same_name(&a.file.path, &b.file.path) {
                    let (chosen, other) = if b.chosen { (b, a) } else { (a, b) };
                    return Err(clash(
                        chosen,
                        &format!(
                            "would replace {} {}",
                            other.file.what,
                            other.file.path.display()
                        ),
                    ));
                }
            }
        }
        for family in &self.families {
            self.check_family(family, &targets)?;
        }
        Ok(())
    }

    /// Nothing read or written under a known name may bear one of the
    /// family's names in its folder, and nothing there under such a name
    /// may be what a regular file's replacement would destroy.
    fn check_family(&self, family: &Family, targets: &[Target]) -> Result<()> {
        let dir = resolved(&family.dir);
        let owned = |path: &Path| {
            let at = resolved(path);
            at.parent() == Some(dir.as_path())
                && at
                    .file_name()
                    .is_some_and(|n| (family.own)(&n.to_string_lossy().to_lowercase()))
        };
        for input in &self.reads {
            if owned(&input.path) {
                return Err(Error::usage(format!(
                    "{} {} is where this run writes its own files",
                    input.what,
                    input.path.display()
                ))
                .nothing_written()
                .with_next(NextStep::MoveOrElsewhere(family.dir.display().to_string())));
            }
        }
        for target in targets {
            if owned(&target.file.path) {
                return Err(clash(
                    target,
                    &format!("would replace {} of this run", family.what),
                ));
            }
        }
        let Ok(entries) = fs::read_dir(&family.dir) else {
            return Ok(());
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if !(family.own)(&name) {
                continue;
            }
            let path = entry.path();
            if let Ok(meta) = path.symlink_metadata()
                && !replaceable(&meta)
            {
                return Err(not_replaceable(&path, &meta));
            }
            // A hard link to one of the run's files, or to what it reads.
            for named in targets.iter().map(|t| &t.file).chain(&self.reads) {
                if same_file(&path, &named.path) {
                    return Err(Error::usage(format!(
                        "{} is {} {} under another name; this run would replace it. Nothing was \
                         written",
                        path.display(),
                        named.what,
                        named.path.display()
                    ))
                    .with_next(NextStep::MoveOrElsewhere(family.dir.display().to_string())));
                }
            }
        }
        Ok(())
    }

    /// Checks the plan, makes and locks its folders, and removes what a
    /// killed run left there; then, unless replacing, refuses files of an
    /// earlier run.
    pub fn begin(&self) -> Result<Writing> {
        self.check()?;
        // A chosen file's folder must exist: a typo there is not a folder to make.
        for target in self.writes.iter().filter(|t| t.chosen) {
            let dir = folder_of(&target.file.path);
            let home = self.home.as_deref().map(resolved);
            if !dir.is_dir() && home != Some(resolved(dir)) {
                return Err(Error::cant_create(format!(
                    "cannot write {}: its folder does not exist.",
                    target.file.path.display()
                ))
                .nothing_written());
            }
        }
        if let Some(home) = &self.home {
            ensure_dir(home)?;
        }
        let mut locks = Vec::new();
        for dir in self.folders() {
            locks.push(FolderLock::acquire(&dir)?);
        }
        let stale_removed = locks.iter().map(FolderLock::remove_stale_parts).sum();
        if !self.force {
            self.refuse_earlier_run()?;
        }
        Ok(Writing {
            _locks: locks,
            stale_removed,
        })
    }

    /// Files of an earlier run are left alone unless they are to be replaced.
    fn refuse_earlier_run(&self) -> Result<()> {
        let mut taken: Vec<String> = self
            .writes
            .iter()
            .filter(|t| t.file.path.symlink_metadata().is_ok())
            .map(|t| t.file.path.display().to_string())
            .collect();
        let mut files = taken.len();
        for family in &self.families {
            let count = fs::read_dir(&family.dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .filter(|e| (family.own)(&e.file_name().to_string_lossy().to_lowercase()))
                        .count()
                })
                .unwrap_or(0);
            if count > 0 {
                files += count;
                taken.push(format!(
                    "{} in {}",
                    crate::problem::count(count, family.what),
                    family.dir.display()
                ));
            }
        }
        if taken.is_empty() {
            return Ok(());
        }
        let one = files == 1;
        // A run that names its files as it goes leaves a folder of them.
        let said = if self.families.is_empty() {
            if one {
                "already exists"
            } else {
                "already exist"
            }
        } else if one {
            "is already there from an earlier run"
        } else {
            "are already there from an earlier run"
        };
        Err(Error::cant_create(format!("{} {said}", join(&taken)))
            .nothing_written()
            .with_next(NextStep::ReplaceOrElsewhere))
    }
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether two paths are one file: the same place once resolved, or the
/// same file through a hard link.
fn is_same(a: &Path, b: &Path) -> bool {
    resolved(a) == resolved(b) || same_file(a, b)
}

/// Whether two paths name one file on a file system that ignores case.
fn same_name(a: &Path, b: &Path) -> bool {
    let (a, b) = (resolved(a), resolved(b));
    a.parent() == b.parent()
        && a.file_name().map(|n| n.to_string_lossy().to_lowercase())
            == b.file_name().map(|n| n.to_string_lossy().to_lowercase())
}

fn clash(target: &Target, why: &str) -> Error {
    let what = format!("{} {} {why}", target.file.what, target.file.path.display());
    if target.chosen {
        Error::usage(format!("{what}; give it another name.")).nothing_written()
    } else {
        Error::usage(what)
            .nothing_written()
            .with_next(NextStep::MoveOrElsewhere(
                folder_of(&target.file.path).display().to_string(),
            ))
    }
}

/// What may stand where mikit writes: a regular file, or a link (renamed
/// over, so its target is never touched). Never a folder, a device, a FIFO
/// or a socket: renaming over those would destroy what they are.
pub(super) fn replaceable(meta: &Metadata) -> bool {
    let kind = meta.file_type();
    kind.is_file() || kind.is_symlink()
}

pub(super) fn not_replaceable(path: &Path, meta: &Metadata) -> Error {
    let kind = meta.file_type();
    let what = if kind.is_dir() {
        "a folder"
    } else {
        crate::platform::special_kind(&kind)
    };
    Error::usage(format!(
        "{} is {what}; mikit writes and replaces only regular files.",
        path.display()
    ))
    .nothing_written()
}
