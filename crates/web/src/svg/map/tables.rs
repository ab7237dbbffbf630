//! The maps said again as tables (for screen readers and for readers without the picture).

use super::world::by_country;
use super::*;
use crate::svg::count;
use crate::svg::table::{Cell, Column, Table};
use crate::url::path_segment;

/// The world map's countries as a table: country and count, largest count first, countries
/// with no count left out.
pub fn world_map_table(countries: &[CountryShade], labels: &MapLabels) -> Table {
    let mut rows: Vec<(&str, u64)> = by_country(countries).into_values().filter(|v| v.1 > 0).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    Table {
        caption: labels.title.clone(),
        columns: vec![
            Column::text(&labels.country_header),
            Column::numeric(&labels.count_header),
        ],
        rows: rows
            .into_iter()
            .map(|(name, n)| vec![Cell::new(name), Cell::new(count(n, &labels.thousands_sep))])
            .collect(),
        footer: None,
    }
}

/// The world map's arcs as a table: region, partner, count, in the given order.
pub fn arcs_table(arcs: &[Arc], labels: &MapLabels) -> Table {
    Table {
        caption: labels.title.clone(),
        columns: vec![
            Column::text(&labels.region_header),
            Column::text(&labels.partner_header),
            Column::numeric(&labels.count_header),
        ],
        rows: arcs
            .iter()
            .map(|a| {
                vec![
                    Cell::new(&a.from_name),
                    Cell::new(&a.to_name),
                    Cell::new(if a.count > 0 {
                        count(a.count, &labels.thousands_sep)
                    } else {
                        String::new()
                    }),
                ]
            })
            .collect(),
        footer: None,
    }
}

/// The map of Indonesia as a table: region (linked to `/daerah/{code}`) and count, largest
/// first; regions with no count left out.
pub fn indonesia_map_table(regions: &[RegionDot], labels: &MapLabels) -> Table {
    let mut rows: Vec<&RegionDot> = regions.iter().filter(|r| r.count > 0).collect();
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.code.cmp(&b.code))
    });
    Table {
        caption: labels.title.clone(),
        columns: vec![
            Column::text(&labels.region_header),
            Column::numeric(&labels.count_header),
        ],
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    Cell::link(&r.name, format!("/daerah/{}", path_segment(&r.code))),
                    Cell::new(count(r.count, &labels.thousands_sep)),
                ]
            })
            .collect(),
        footer: None,
    }
}
