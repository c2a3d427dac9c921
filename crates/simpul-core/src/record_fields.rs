//! A record's fields as Automerge scalars, read straight from its
//! `Serialize` implementation. [`crate::schema::to_fields`] gives the
//! meaning: every field is the scalar its JSON value maps to, and a field
//! that is not a scalar (a list, a nested record) is kept as its JSON text.
//! This path gives the same scalars without building a JSON value of the
//! whole record (a 20,000-row import turns 300,000 fields); any field it
//! does not read directly, and any record that is not a plain struct, goes
//! through JSON as before.

use automerge::ScalarValue;
use serde::ser::{self, Impossible, Serialize, SerializeStruct};

/// Every field of `record` with the scalar it is stored as (see
/// [`crate::schema::to_fields`]).
pub(crate) fn record_fields<T: Serialize + ?Sized>(
    record: &T,
) -> Result<Vec<(String, ScalarValue)>, serde_json::Error> {
    match record.serialize(Record) {
        Ok(fields) => fields,
        Err(NotDirect) => {
            let serde_json::Value::Object(map) = serde_json::to_value(record)? else {
                return Ok(Vec::new());
            };
            Ok(map
                .into_iter()
                .map(|(k, v)| (k, scalar_of_json(v)))
                .collect())
        }
    }
}

/// The scalar a JSON value is stored as.
fn scalar_of_json(v: serde_json::Value) -> ScalarValue {
    match v {
        serde_json::Value::Null => ScalarValue::Null,
        serde_json::Value::Bool(b) => ScalarValue::Boolean(b),
        serde_json::Value::Number(n) => n.as_i64().map_or_else(
            || ScalarValue::F64(n.as_f64().unwrap_or(0.0)),
            ScalarValue::Int,
        ),
        serde_json::Value::String(s) => ScalarValue::Str(s.into()),
        other => ScalarValue::Str(other.to_string().into()),
    }
}

/// Not read directly: go through JSON.
#[derive(Debug)]
struct NotDirect;

impl std::fmt::Display for NotDirect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a scalar")
    }
}

impl std::error::Error for NotDirect {}

impl ser::Error for NotDirect {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        NotDirect
    }
}

/// Serializes a whole record: only a struct is read directly.
struct Record;

/// The fields gathered so far; a field JSON cannot turn into a value
/// fails the whole record, as it does through JSON.
struct Fields(Result<Vec<(String, ScalarValue)>, serde_json::Error>);

impl SerializeStruct for Fields {
    type Ok = Result<Vec<(String, ScalarValue)>, serde_json::Error>;
    type Error = NotDirect;

    fn serialize_field<V: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &V,
    ) -> Result<(), NotDirect> {
        if let Ok(fields) = &mut self.0 {
            let scalar = match value.serialize(Scalar) {
                Ok(s) => Ok(s),
                Err(NotDirect) => serde_json::to_value(value).map(scalar_of_json),
            };
            match scalar {
                Ok(s) => fields.push((key.to_owned(), s)),
                Err(e) => self.0 = Err(e),
            }
        }
        Ok(())
    }

    fn end(self) -> Result<Self::Ok, NotDirect> {
        Ok(self.0)
    }
}

/// Everything but a struct is read through JSON.
macro_rules! not_direct {
    ($($name:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ok, NotDirect> { Err(NotDirect) })*
    };
}

impl ser::Serializer for Record {
    type Ok = Result<Vec<(String, ScalarValue)>, serde_json::Error>;
    type Error = NotDirect;
    type SerializeSeq = Impossible<Self::Ok, NotDirect>;
    type SerializeTuple = Impossible<Self::Ok, NotDirect>;
    type SerializeTupleStruct = Impossible<Self::Ok, NotDirect>;
    type SerializeTupleVariant = Impossible<Self::Ok, NotDirect>;
    type SerializeMap = Impossible<Self::Ok, NotDirect>;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<Self::Ok, NotDirect>;

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields, NotDirect> {
        Ok(Fields(Ok(Vec::with_capacity(len))))
    }

    fn serialize_newtype_struct<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &V,
    ) -> Result<Self::Ok, NotDirect> {
        value.serialize(self)
    }

    fn serialize_some<V: Serialize + ?Sized>(self, _: &V) -> Result<Self::Ok, NotDirect> {
        Err(NotDirect)
    }

    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<Self::Ok, NotDirect> {
        Err(NotDirect)
    }

    not_direct! {
        serialize_bool(bool) -> Self::Ok;
        serialize_i8(i8) -> Self::Ok;
        serialize_i16(i16) -> Self::Ok;
        serialize_i32(i32) -> Self::Ok;
        serialize_i64(i64) -> Self::Ok;
        serialize_u8(u8) -> Self::Ok;
        serialize_u16(u16) -> Self::Ok;
        serialize_u32(u32) -> Self::Ok;
        serialize_u64(u64) -> Self::Ok;
        serialize_f32(f32) -> Self::Ok;
        serialize_f64(f64) -> Self::Ok;
        serialize_char(char) -> Self::Ok;
        serialize_str(&str) -> Self::Ok;
        serialize_bytes(&[u8]) -> Self::Ok;
        serialize_none() -> Self::Ok;
        serialize_unit() -> Self::Ok;
        serialize_unit_struct(&'static str) -> Self::Ok;
        serialize_unit_variant(&'static str, u32, &'static str) -> Self::Ok;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

/// Integers JSON keeps exactly, as integers.
macro_rules! ints {
    ($($name:ident($t:ty)),* $(,)?) => {
        $(fn $name(self, v: $t) -> Result<ScalarValue, NotDirect> {
            Ok(ScalarValue::Int(v.into()))
        })*
    };
}

/// Serializes one field's value: the scalars JSON would give, read
/// directly; anything else is read through JSON.
struct Scalar;

impl ser::Serializer for Scalar {
    type Ok = ScalarValue;
    type Error = NotDirect;
    type SerializeSeq = Impossible<ScalarValue, NotDirect>;
    type SerializeTuple = Impossible<ScalarValue, NotDirect>;
    type SerializeTupleStruct = Impossible<ScalarValue, NotDirect>;
    type SerializeTupleVariant = Impossible<ScalarValue, NotDirect>;
    type SerializeMap = Impossible<ScalarValue, NotDirect>;
    type SerializeStruct = Impossible<ScalarValue, NotDirect>;
    type SerializeStructVariant = Impossible<ScalarValue, NotDirect>;

    fn serialize_bool(self, v: bool) -> Result<ScalarValue, NotDirect> {
        Ok(ScalarValue::Boolean(v))
    }
    ints! {
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
    }
    fn serialize_u64(self, v: u64) -> Result<ScalarValue, NotDirect> {
        // Above i64::MAX JSON keeps the number as an unsigned one, stored
        // as a float.
        i64::try_from(v)
            .map(ScalarValue::Int)
            .map_err(|_| NotDirect)
    }
    fn serialize_str(self, v: &str) -> Result<ScalarValue, NotDirect> {
        Ok(ScalarValue::Str(v.into()))
    }
    fn serialize_char(self, v: char) -> Result<ScalarValue, NotDirect> {
        Ok(ScalarValue::Str(v.to_string().into()))
    }
    fn serialize_none(self) -> Result<ScalarValue, NotDirect> {
        Ok(ScalarValue::Null)
    }
    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Result<ScalarValue, NotDirect> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<ScalarValue, NotDirect> {
        Ok(ScalarValue::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<ScalarValue, NotDirect> {
        Ok(ScalarValue::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<ScalarValue, NotDirect> {
        Ok(ScalarValue::Str(variant.into()))
    }
    fn serialize_newtype_struct<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &V,
    ) -> Result<ScalarValue, NotDirect> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<ScalarValue, NotDirect> {
        Err(NotDirect)
    }

    not_direct! {
        serialize_i128(i128) -> ScalarValue;
        serialize_u128(u128) -> ScalarValue;
        serialize_f32(f32) -> ScalarValue;
        serialize_f64(f64) -> ScalarValue;
        serialize_bytes(&[u8]) -> ScalarValue;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// What the fields were before this path: every record through JSON.
    fn through_json<T: Serialize>(record: &T) -> BTreeMap<String, ScalarValue> {
        match serde_json::to_value(record).expect("json") {
            serde_json::Value::Object(map) => map
                .into_iter()
                .map(|(k, v)| (k, scalar_of_json(v)))
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    fn same<T: Serialize>(record: &T) {
        let direct: BTreeMap<String, ScalarValue> =
            record_fields(record).expect("fields").into_iter().collect();
        assert_eq!(direct, through_json(record));
    }

    #[derive(serde::Serialize)]
    enum Kind {
        Plain,
        Wrapped(u8),
        Pair(u8, u8),
        Named { a: u8 },
    }

    #[derive(serde::Serialize)]
    struct Meters(u32);

    #[derive(serde::Serialize)]
    struct Unit;

    #[derive(serde::Serialize)]
    struct Inner {
        x: i64,
        note: &'static str,
    }

    #[derive(serde::Serialize)]
    struct Every {
        text: String,
        empty: String,
        yes: bool,
        small: i8,
        big: u64,
        huge: u64,
        wide: i128,
        half: f64,
        whole: f64,
        nan: f64,
        single: f32,
        letter: char,
        bytes: Vec<u8>,
        none: Option<i32>,
        some: Option<Option<String>>,
        unit: (),
        unit_struct: Unit,
        newtype: Meters,
        kinds: [Kind; 4],
        plain: Kind,
        wrapped: Kind,
        named: Kind,
        inner: Inner,
        list: Vec<String>,
        tuple: (u8, &'static str),
        map: BTreeMap<String, u8>,
        #[serde(rename = "renamed-field")]
        renamed: u8,
        #[serde(skip_serializing_if = "String::is_empty")]
        skipped: String,
    }

    #[test]
    fn every_kind_of_field_is_the_scalar_json_gives() {
        same(&Every {
            text: "Laptop \"Lenovo\" é".into(),
            empty: String::new(),
            yes: true,
            small: -3,
            big: i64::MAX as u64,
            huge: u64::MAX,
            wide: i128::from(i64::MIN),
            half: 1.5,
            whole: 2.0,
            nan: f64::NAN,
            single: 0.25,
            letter: 'ß',
            bytes: vec![1, 2, 255],
            none: None,
            some: Some(Some("ada".into())),
            unit: (),
            unit_struct: Unit,
            newtype: Meters(7),
            kinds: [
                Kind::Plain,
                Kind::Wrapped(1),
                Kind::Pair(1, 2),
                Kind::Named { a: 3 },
            ],
            plain: Kind::Plain,
            wrapped: Kind::Wrapped(4),
            named: Kind::Named { a: 5 },
            inner: Inner { x: -1, note: "n" },
            list: vec!["a".into(), "b".into()],
            tuple: (9, "t"),
            map: BTreeMap::from([("k".to_owned(), 1)]),
            renamed: 6,
            skipped: String::new(),
        });
    }

    #[test]
    fn records_that_are_not_plain_structs_go_through_json() {
        #[derive(serde::Serialize)]
        struct Flattened {
            id: String,
            #[serde(flatten)]
            rest: Inner,
        }
        same(&Flattened {
            id: "x".into(),
            rest: Inner { x: 2, note: "y" },
        });
        same(&BTreeMap::from([("a", 1), ("b", 2)]));
        same(&Meters(3));
        same(&"text");
        same(&Kind::Named { a: 1 });
    }

    #[test]
    fn the_stored_records_get_the_fields_json_gives() {
        let rooms: Vec<String> = vec!["r1".into(), "r2".into()];
        for (i, input) in crate::demo::assets(300, 7, &rooms, 2026)
            .into_iter()
            .enumerate()
        {
            let mut a = input
                .apply_to(&crate::Asset::default(), 2026)
                .expect("valid demo asset");
            a.id = format!("a{i}");
            same(&a);
        }
        same(&crate::Asset::default());
        same(&crate::Room::default());
        same(&crate::cabling::Node::default());
        same(&crate::cabling::Cable::default());
        same(&crate::Registration::default());
        same(&crate::MaintenanceEntry::default());
        same(&crate::handover::Handover {
            asset_ids: vec!["a1".into(), "a2".into()],
            ..Default::default()
        });
        same(&crate::stocktake::StockTake {
            rooms: vec!["r1".into()],
            ..Default::default()
        });
    }
}
