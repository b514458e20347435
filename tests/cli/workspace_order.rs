//! The list of conventions as a person reads it: each avenant after its convention.

use crate::serve::start;
use crate::{root, tempdir};

#[test]
fn each_avenant_follows_its_convention_in_number_order() {
    let dir = tempdir();
    let fixtures = root().join("fixtures");
    std::fs::create_dir_all(dir.path().join("ctg")).unwrap();
    std::fs::create_dir_all(dir.path().join("avenants")).unwrap();
    for ctg in ["ctg/CTG-047-2024-CD47.toml", "ctg/CTG-057-2021-HOUVE.toml"] {
        std::fs::copy(fixtures.join(ctg), dir.path().join(ctg)).unwrap();
    }
    // In path order the avenants would come first, n° 10 before n° 2.
    let first =
        std::fs::read_to_string(fixtures.join("avenant/CTG-057-2021-HOUVE-AV1.toml")).unwrap();
    for number in [1, 2, 10] {
        let text = (first.replace("-AV1\"", &format!("-AV{number}\"")))
            .replace("number = 1\n", &format!("number = {number}\n"));
        let file = format!("avenants/CTG-057-2021-HOUVE-AV{number}.toml");
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let server = start(dir, &[]);
    let list = server.get("/api/conventions").json();
    let references: Vec<_> = (list.as_array().unwrap().iter())
        .map(|c| c["reference"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        references,
        [
            "CTG-047-2024-CD47",
            "CTG-057-2021-HOUVE",
            "CTG-057-2021-HOUVE-AV1",
            "CTG-057-2021-HOUVE-AV2",
            "CTG-057-2021-HOUVE-AV10",
        ]
    );
}
