//! One print-ready PDF of every customer's documents, written as they come so
//! memory stays flat. Each document starts on an odd page, so duplex printing
//! never puts two customers on one sheet; font programs that documents share
//! are stored once. The caller owns the file: this writes PDF syntax into any
//! writer, and leaves naming and placing the file to `output`.

use std::collections::HashMap;
use std::io::{self, Write};

use chrono::NaiveDate;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};

use super::Objects;
use super::trailer;

const CATALOG: u32 = 1;
const PAGES: u32 = 2;
const INFO: u32 = 3;

pub struct Merge<W: Write> {
    out: W,
    written: u64,
    /// Byte offset of each object, by object number - 1.
    offsets: Vec<u64>,
    kids: Vec<u32>,
    /// Font programs already written, by digest.
    programs: HashMap<[u8; 32], u32>,
    digest: Sha256,
    title: String,
    date: NaiveDate,
}

impl<W: Write> Merge<W> {
    /// Starts a merged PDF titled `title`, dated `date`, written into `out`.
    pub fn new(out: W, title: &str, date: NaiveDate) -> io::Result<Merge<W>> {
        let mut merge = Merge {
            out,
            written: 0,
            // The catalog, page tree and info come last but are numbered first.
            offsets: vec![0; 3],
            kids: Vec::new(),
            programs: HashMap::new(),
            digest: Sha256::new(),
            title: title.to_string(),
            date,
        };
        merge.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        Ok(merge)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.digest.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn object(&mut self, id: u32, object: &Object) -> io::Result<()> {
        let index = id as usize - 1;
        if self.offsets.len() <= index {
            self.offsets.resize(index + 1, 0);
        }
        self.offsets[index] = self.written;
        let mut buf = format!("{id} 0 obj\n").into_bytes();
        write_object(&mut buf, object);
        buf.extend_from_slice(b"\nendobj\n");
        self.put(&buf)
    }

    fn next_id(&self) -> u32 {
        self.offsets.len() as u32 + 1
    }

    /// Appends one document's pages, and a blank page after an odd count.
    pub fn append(&mut self, objects: &Objects) -> io::Result<()> {
        let doc = &objects.0;
        let root = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
        let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
        let page_tree = root
            .and_then(|r| doc.get_dictionary(r).ok())
            .and_then(|c| c.get(b"Pages").and_then(Object::as_reference).ok());
        let skip = [root, info, page_tree];
        let mut ids: HashMap<ObjectId, u32> = HashMap::new();
        let mut to_write = Vec::new();
        let mut next = self.next_id();
        for (&id, object) in &doc.objects {
            if skip.contains(&Some(id)) {
                continue;
            }
            if let Object::Stream(s) = object
                && s.dict.has(b"Length1")
            {
                let key: [u8; 32] = Sha256::digest(&s.content).into();
                if let Some(&known) = self.programs.get(&key) {
                    ids.insert(id, known);
                    continue;
                }
                self.programs.insert(key, next);
            }
            ids.insert(id, next);
            to_write.push(id);
            next += 1;
        }
        self.offsets.resize(next as usize - 1, 0);
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut media_box = None;
        for id in to_write {
            let mut object = doc.objects[&id].clone();
            renumber(&mut object, &ids);
            if pages.contains(&id)
                && let Object::Dictionary(page) = &mut object
            {
                page.set("Parent", Object::Reference((PAGES, 0)));
                media_box = page.get(b"MediaBox").ok().cloned();
            }
            self.object(ids[&id], &object)?;
        }
        self.kids.extend(pages.iter().map(|p| ids[p]));
        if pages.len() % 2 == 1 {
            let blank = self.next_id();
            let mut page = Dictionary::new();
            page.set("Type", Object::Name(b"Page".to_vec()));
            page.set("Parent", Object::Reference((PAGES, 0)));
            page.set(
                "MediaBox",
                media_box.unwrap_or(Object::Array(vec![
                    0.into(),
                    0.into(),
                    612.into(),
                    792.into(),
                ])),
            );
            page.set("Resources", Object::Dictionary(Dictionary::new()));
            self.object(blank, &Object::Dictionary(page))?;
            self.kids.push(blank);
        }
        Ok(())
    }

    pub fn pages(&self) -> usize {
        self.kids.len()
    }

    /// Writes the page tree, catalog, cross-reference table and trailer, and
    /// hands back the writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Count", Object::Integer(self.kids.len() as i64));
        tree.set(
            "Kids",
            Object::Array(
                self.kids
                    .iter()
                    .map(|&k| Object::Reference((k, 0)))
                    .collect(),
            ),
        );
        self.object(PAGES, &Object::Dictionary(tree))?;
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference((PAGES, 0)));
        self.object(CATALOG, &Object::Dictionary(catalog))?;
        let info = trailer::info(&self.title, None, self.date);
        self.object(INFO, &Object::Dictionary(info))?;

        let xref_at = self.written;
        let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for offset in &self.offsets {
            xref.push_str(&format!("{offset:010} 00000 n \n"));
        }
        let id = trailer::file_id(self.digest.clone());
        xref.push_str(&format!(
            "trailer\n<</Size {} /Root {CATALOG} 0 R /Info {INFO} 0 R /ID [<{id}> <{id}>]>>\nstartxref\n{xref_at}\n%%EOF\n",
            self.offsets.len() + 1
        ));
        self.put(xref.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn renumber(object: &mut Object, ids: &HashMap<ObjectId, u32>) {
    match object {
        Object::Reference(r) => {
            if let Some(&n) = ids.get(r) {
                *r = (n, 0);
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| renumber(o, ids)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| renumber(o, ids)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| renumber(o, ids)),
        _ => {}
    }
}

/// PDF syntax for one object (ISO 32000-1, 7.3).
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Name(name) => write_name(out, name),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in bytes {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                if matches!(b, b'(' | b')' | b'\\') {
                    out.push(b'\\');
                    out.push(b);
                } else if b == b'\r' {
                    out.extend_from_slice(b"\\r");
                } else {
                    out.push(b);
                }
            }
            out.push(b')');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dict(out, dict),
        Object::Stream(stream) => {
            let mut dict = stream.dict.clone();
            dict.set("Length", Object::Integer(stream.content.len() as i64));
            write_dict(out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((n, g)) => out.extend_from_slice(format!("{n} {g} R").as_bytes()),
    }
}

fn write_dict(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
        out.push(b' ');
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&b) || !(33..=126).contains(&b) {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        } else {
            out.push(b);
        }
    }
}
