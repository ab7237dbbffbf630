//! The XLSX import (the first worksheet): reading the file and parsing every record, as an
//! import does before it looks anything up.
#![no_main]

use jalin_app::registry::ExchangeFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    jalin_fuzz::check_import(data, ExchangeFormat::Xlsx);
});
