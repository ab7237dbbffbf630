//! `code_enum!`: an enum whose variants each stand for one stable string code (`"KSDPL"`,
//! `"sister_city"`), with `ALL`, `as_str`, `Display`, serde by code, and a `FromStr` that
//! accepts any case and reports the allowed codes on failure.

// `$code:tt`, not `literal`: a `literal` fragment reaches derive macros wrapped in an invisible
// group, which utoipa's `ToSchema` does not read as a `serde(rename)`; the OpenAPI document
// then listed variant names (`Ksdd`) instead of the codes (`KSDD`).
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::CodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                $name::ALL
                    .iter()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .copied()
                    .ok_or_else(|| {
                        let all: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                        $crate::error::CodeError::new(
                            "invalid_choice",
                            format!("'{wanted}' is not one of: {}", all.join(", ")),
                        )
                    })
            }
        }
    };
}
pub(crate) use code_enum;

#[cfg(all(test, feature = "openapi"))]
mod tests {
    use crate::agreement::{AgreementStatus, Form, SubType};
    use crate::monitoring::health::Band;

    /// The values a schema lists for an enum.
    fn schema_values<T: utoipa::PartialSchema>() -> Vec<String> {
        let schema = serde_json::to_value(T::schema()).unwrap_or_default();
        schema["enum"]
            .as_array()
            .map(|v| v.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    fn codes(all: &[&str]) -> Vec<String> {
        all.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_openapi_schema_lists_the_codes_the_api_speaks() {
        let forms: Vec<&str> = Form::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(schema_values::<Form>(), codes(&forms));
        let statuses: Vec<&str> = AgreementStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(schema_values::<AgreementStatus>(), codes(&statuses));
        assert!(schema_values::<SubType>().contains(&"sister_city".to_owned()));
        assert_eq!(schema_values::<Band>(), codes(&["healthy", "at_risk", "dormant"]));
    }
}
