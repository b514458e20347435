//! The macro that declares the messages (see `messages.rs`, the list itself).

/// Declares the messages: `Kind { argument: Type, … } => "catalog-id"`.
macro_rules! messages {
    ($($(#[$doc:meta])* $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })? => $id:literal,)*) => {
        /// A message, with its arguments.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Message {
            $($(#[$doc])* $variant $({ $($field: $ty),* })?,)*
        }

        impl Message {
            /// Every message: its id in the catalogs and the names of its arguments.
            pub const ALL: &[(&str, &[&str])] = &[$(($id, &[$($(stringify!($field)),*)?])),*];

            /// Its id in the catalogs.
            pub fn id(&self) -> &'static str {
                match self {
                    $(Message::$variant { .. } => $id,)*
                }
            }

            /// Its arguments, by name.
            #[allow(unused_variables)]
            pub fn args(&self) -> Vec<(&'static str, Arg)> {
                match self {
                    $(Message::$variant $({ $($field),* })? => vec![$($((stringify!($field), Arg::from($field.clone()))),*)?],)*
                }
            }
        }
    };
}
