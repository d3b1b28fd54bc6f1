//! The public shape of a details file: sections, keys and what each holds.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Language,
    Email,
    Phone,
    PreviousPhones,
    Region,
    Created,
    AccountId,
    Model,
    Imei,
    Serial,
    Purchased,
    Store,
    Invoice,
    ReceiptLocation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    List,
    Date,
}

impl Field {
    pub fn kind(self) -> FieldKind {
        match self {
            Field::PreviousPhones | Field::Imei => FieldKind::List,
            Field::Created | Field::Purchased => FieldKind::Date,
            _ => FieldKind::Text,
        }
    }

    /// How many items a list field may hold: an IMEI per SIM slot; more
    /// previous numbers than anyone has had, yet a bound on the work and the
    /// paper a hostile file can ask for. 1 for single values.
    pub fn max_items(self) -> usize {
        match self {
            Field::Imei => 2,
            Field::PreviousPhones => 500,
            _ => 1,
        }
    }

    /// The key within its section, e.g. `email`.
    pub fn key(self) -> &'static str {
        SCHEMA
            .iter()
            .flat_map(|s| s.fields.iter())
            .find(|(_, f)| *f == self)
            .map(|(k, _)| *k)
            .expect("every field is in the schema")
    }

    /// `section.key`, as written in a details file and in template placeholders.
    pub fn path(self) -> String {
        SCHEMA
            .iter()
            .find_map(|s| {
                s.fields
                    .iter()
                    .find(|(_, f)| *f == self)
                    .map(|(k, _)| format!("{}.{k}", s.name))
            })
            .expect("every field is in the schema")
    }

    pub fn from_path(path: &str) -> Option<Field> {
        let (section, key) = path.split_once('.')?;
        SCHEMA
            .iter()
            .find(|s| s.name == section)?
            .fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| *f)
    }
}

pub struct Section {
    pub name: &'static str,
    pub fields: &'static [(&'static str, Field)],
}

pub const SCHEMA: [Section; 3] = [
    Section {
        name: "owner",
        fields: &[("name", Field::Name), ("language", Field::Language)],
    },
    Section {
        name: "account",
        fields: &[
            ("email", Field::Email),
            ("phone", Field::Phone),
            ("previous_phones", Field::PreviousPhones),
            ("region", Field::Region),
            ("created", Field::Created),
            ("id", Field::AccountId),
        ],
    },
    Section {
        name: "device",
        fields: &[
            ("model", Field::Model),
            ("imei", Field::Imei),
            ("serial", Field::Serial),
            ("purchased", Field::Purchased),
            ("store", Field::Store),
            ("invoice", Field::Invoice),
            ("receipt_location", Field::ReceiptLocation),
        ],
    },
];

/// A CSV column is named after its field's key in a details file, except the
/// account ID: a bare "id" column would be read as the row's number.
pub fn column_name(field: Field) -> &'static str {
    if field == Field::AccountId {
        "account_id"
    } else {
        field.key()
    }
}

/// The columns a shop's spreadsheet may have, and the field each one fills.
pub fn columns() -> impl Iterator<Item = (&'static str, Field)> {
    SCHEMA
        .iter()
        .flat_map(|s| s.fields.iter().map(|&(_, f)| (column_name(f), f)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        for section in &SCHEMA {
            for (_, field) in section.fields {
                assert_eq!(Field::from_path(&field.path()), Some(*field));
            }
        }
    }
}
