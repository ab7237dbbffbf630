//! Indonesia's three time zones, for showing a moment in the zone of a region
//! (`Region::utc_offset`).

/// One of Indonesia's time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndonesianTimeZone {
    /// Hours ahead of UTC; no zone observes daylight saving time.
    pub utc_offset_hours: i8,
    /// The Indonesian abbreviation: WIB, WITA or WIT.
    pub label: &'static str,
    /// The IANA time-zone name.
    pub iana: &'static str,
}

/// Western (*Waktu Indonesia Barat*), central (*Tengah*) and eastern (*Timur*) Indonesia.
pub const ZONES: [IndonesianTimeZone; 3] = [
    IndonesianTimeZone {
        utc_offset_hours: 7,
        label: "WIB",
        iana: "Asia/Jakarta",
    },
    IndonesianTimeZone {
        utc_offset_hours: 8,
        label: "WITA",
        iana: "Asia/Makassar",
    },
    IndonesianTimeZone {
        utc_offset_hours: 9,
        label: "WIT",
        iana: "Asia/Jayapura",
    },
];

/// The zone with this UTC offset in hours (7, 8 or 9); `None` for any other offset, so the
/// caller decides the fallback (usually WIB, `ZONES[0]`).
pub fn for_utc_offset(hours: i32) -> Option<&'static IndonesianTimeZone> {
    ZONES.iter().find(|z| i32::from(z.utc_offset_hours) == hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_offset_has_its_label_and_iana_name() {
        let labels: Vec<(&str, &str)> = [7, 8, 9]
            .into_iter()
            .filter_map(for_utc_offset)
            .map(|z| (z.label, z.iana))
            .collect();
        assert_eq!(
            labels,
            [
                ("WIB", "Asia/Jakarta"),
                ("WITA", "Asia/Makassar"),
                ("WIT", "Asia/Jayapura")
            ]
        );
        assert_eq!(for_utc_offset(10), None);
        assert_eq!(for_utc_offset(0), None);
    }
}
