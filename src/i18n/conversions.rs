//! Errors of the lower layers (money, files) said as messages, where they are printed.

use super::Message;

/// Why a value is not an amount, as a message.
impl From<&crate::model::MoneyError> for Message {
    fn from(error: &crate::model::MoneyError) -> Message {
        use crate::model::MoneyError;
        match error {
            MoneyError::Negative => Message::AmountNegative,
            MoneyError::TooManyDecimals => Message::AmountDecimals,
            MoneyError::TooLarge => Message::AmountTooLarge,
            MoneyError::NotANumber => Message::NotAnAmount,
        }
    }
}

/// A system error, as a message: its kind in words where there are words for it.
impl From<&std::io::Error> for Message {
    fn from(error: &std::io::Error) -> Message {
        use std::io::ErrorKind;
        if let Some(refusal) = crate::files::refusal(error) {
            return Message::from(refusal);
        }
        match error.kind() {
            ErrorKind::NotFound => Message::NotFound,
            ErrorKind::PermissionDenied => Message::PermissionDenied,
            ErrorKind::AlreadyExists => Message::AlreadyExists,
            _ => Message::OsError {
                detail: error.to_string(),
            },
        }
    }
}

/// Why a file was not read, as a message.
impl From<&crate::files::Refusal> for Message {
    fn from(refusal: &crate::files::Refusal) -> Message {
        use crate::files::Refusal;
        match refusal {
            Refusal::Link => Message::SymbolicLink,
            Refusal::NotRegular => Message::NotRegular,
            Refusal::TooLarge { limit } => Message::LargerThan {
                size: crate::files::size(*limit),
            },
        }
    }
}

/// Why a folder was not made, as a message.
impl From<&crate::files::OutsideError> for Message {
    fn from(error: &crate::files::OutsideError) -> Message {
        use crate::files::OutsideError;
        let shown = |path: &std::path::Path| path.display().to_string();
        match error {
            OutsideError::Link(path) => Message::LinkNotWrittenThrough { path: shown(path) },
            OutsideError::NotAFolder(path) => Message::NotAFolder { path: shown(path) },
            OutsideError::Outside(path, root) => Message::NotInside {
                path: shown(path),
                root: shown(root),
            },
            OutsideError::Io(path, e) => Message::CannotCreate {
                path: shown(path),
                reason: Box::new(e.into()),
            },
        }
    }
}
