//! Enums whose wire form is a string and which keep values they do not know.
//!
//! Servers add states over time; a console that fails to parse a runner because of a new state
//! shows nothing at all. [`open_enum!`] generates an enum with one variant per known value plus
//! `Unknown(String)`, parsed case-insensitively (Netlify documents `RUNNING` but sends `running`)
//! and written back in its canonical lowercase form.

/// Defines an open string enum. Known variants map to canonical wire strings; anything else is
/// kept verbatim in `Unknown`.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of agentdeck does not know, kept as the server sent it.
            Unknown(String),
        }

        impl $name {
            /// Every known variant, in declaration order.
            #[allow(dead_code)]
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// Parses a wire string, ignoring ASCII case; never fails.
            pub fn parse(s: &str) -> Self {
                $( if s.eq_ignore_ascii_case($wire) { return $name::$variant; } )+
                $name::Unknown(s.to_string())
            }

            /// The canonical wire string (the original text for unknown values).
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Unknown(s) => s.as_str(),
                }
            }

            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(s))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::parse(&s))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    open_enum! {
        enum Colour { Red => "red", DarkBlue => "dark_blue" }
    }

    #[test]
    fn parses_any_case_and_keeps_unknown_values() {
        assert_eq!(Colour::parse("RED"), Colour::Red);
        assert_eq!(Colour::parse("Dark_Blue"), Colour::DarkBlue);
        assert_eq!(Colour::parse("teal"), Colour::Unknown("teal".into()));
        assert_eq!(Colour::parse("teal").as_str(), "teal");
        assert!(Colour::parse("").is_unknown());
    }

    #[test]
    fn round_trips_through_json() {
        let v: Vec<Colour> = serde_json::from_str(r#"["DARK_BLUE","red","Ultraviolet"]"#).unwrap();
        assert_eq!(
            v,
            vec![
                Colour::DarkBlue,
                Colour::Red,
                Colour::Unknown("Ultraviolet".into())
            ]
        );
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"["dark_blue","red","Ultraviolet"]"#
        );
        assert!(serde_json::from_str::<Colour>("3").is_err());
    }
}
