//! "Did you mean …?": the allowed name closest to a misspelt one.

/// The allowed name closest to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    let (best, distance) = allowed
        .iter()
        .map(|&candidate| (candidate, edit_distance(&name, candidate)))
        .min_by_key(|&(_, d)| d)?;
    let limit = (best.chars().count() / 3).max(1);
    (distance <= limit).then_some(best)
}

/// Edit distance between two short strings, a swap of two neighbours counting as one edit
/// (optimal string alignment), since swapped letters are the commonest typo.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["name", "role", "email"];
        assert_eq!(did_you_mean("nmae", &keys), Some("name"));
        assert_eq!(did_you_mean("Email", &keys), Some("email"));
        assert_eq!(did_you_mean("telephone", &keys), None);
        assert_eq!(
            did_you_mean("petite_enfance", &["petite-enfance", "enfance"]),
            Some("petite-enfance")
        );
    }
}
