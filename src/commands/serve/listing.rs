//! The list as a person reads it: two files of one reference told apart, and each avenant
//! after the convention it amends.

use std::path::PathBuf;

use super::workspace::Entry;

/// `check`'s rule across files, in the list: of two files declaring one reference, in path
/// order, the later is refused and the earlier warned.
pub fn mark_duplicates(list: &mut [(PathBuf, Entry)]) {
    for later in 1..list.len() {
        let (reference, read) = (&list[later].1.reference, list[later].1.unreadable.is_none());
        let same =
            |i: &usize| &list[*i].1.reference == reference && list[*i].1.unreadable.is_none();
        let Some(first) = (0..later).filter(|_| read).find(same) else {
            continue;
        };
        let (first_file, later_file) = (list[first].1.file.clone(), list[later].1.file.clone());
        let entry = &mut list[later].1;
        entry.duplicate_of = Some(first_file);
        (entry.valid, entry.errors) = (false, entry.errors + 1);
        let entry = &mut list[first].1;
        if entry.duplicated_by.is_empty() {
            entry.warnings += 1;
        }
        entry.duplicated_by.push(later_file);
    }
}

/// The list as a person reads it: each avenant right after the convention it amends, by
/// number (n° 10 after n° 9); the rest, and an avenant whose convention is not in the
/// folder, in path order.
pub fn avenants_after_their_convention(list: Vec<(PathBuf, Entry)>) -> Vec<(PathBuf, Entry)> {
    let is_base =
        |base: &str| (list.iter()).any(|(_, e)| e.amends.is_none() && e.reference == base);
    let (mut avenants, rest): (Vec<_>, Vec<_>) = (list.iter().cloned())
        .partition(|(_, e)| e.amends.as_ref().is_some_and(|(base, _)| is_base(base)));
    avenants.sort_by_key(|(_, e)| e.amends.as_ref().map(|(_, number)| *number));
    let mut ordered = Vec::with_capacity(list.len());
    for item in rest {
        let amended = item.1.amends.is_none().then(|| item.1.reference.clone());
        ordered.push(item);
        // Of two files of one reference, the first takes the avenants.
        let (its, others) = avenants.into_iter().partition(|(_, e)| {
            amended.is_some() && e.amends.as_ref().map(|(base, _)| base) == amended.as_ref()
        });
        avenants = others;
        ordered.extend::<Vec<_>>(its);
    }
    ordered
}
