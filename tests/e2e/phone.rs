//! End-to-end tests of the phone check: `mikit check` and `mikit build --text`
//! on details files with numbers from many regions. A number is "from another
//! country" only when its calling code differs from the account region's.

use crate::common;

use common::{assert_success, build_text, check, stderr, stdout, write_file};

/// A details file whose account has this phone number and region.
fn details_with_phone(phone: &str, region: &str) -> String {
    format!(
        "[owner]\nname = \"Sam Example\"\n[account]\nemail = \"sam@example.com\"\nphone = \"{phone}\"\nregion = \"{region}\"\n"
    )
}

/// `mikit check` and `mikit build --text` of a details file with this number:
/// (check's stderr, the number as the kit prints it).
fn checked(phone: &str, region: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(
        dir.path(),
        "details.toml",
        details_with_phone(phone, region),
    );
    let check = check(&file);
    assert_success(&check, &format!("mikit check with {phone} in {region}"));
    let text = build_text(&file, &[]);
    assert_success(
        &text,
        &format!("mikit build --text with {phone} in {region}"),
    );
    let printed = stdout(&text)
        .lines()
        .find_map(|l| l.strip_prefix("Registered phone"))
        .unwrap_or_else(|| panic!("no registered phone in the kit:\n{}", stdout(&text)))
        .trim()
        .to_string();
    (stderr(&check), printed)
}

fn phone_warnings(check_stderr: &str) -> Vec<&str> {
    check_stderr
        .lines()
        .filter(|l| l.contains("warning: account.phone"))
        .collect()
}

#[test]
fn a_uk_mobile_in_a_guernsey_range_is_not_foreign_to_a_uk_account() {
    // libphonenumber's data files +44 7911 1xxxxx under Guernsey (GG).
    let (check, printed) = checked("+44 7911 123456", "GB");
    assert_eq!(phone_warnings(&check), Vec::<&str>::new(), "{check}");
    assert_eq!(printed, "+44 7911 123456");
}

#[test]
fn north_american_numbers_share_plus_one() {
    for (phone, region, shown) in [
        ("+1 416 555 0199", "US", "+1 416-555-0199"),
        ("+1 212 555 0199", "CA", "+1 212-555-0199"),
        ("(416) 555-0199", "CA", "+1 416-555-0199"),
        ("+1 787 555 0199", "US", "+1 787-555-0199"),
    ] {
        let (check, printed) = checked(phone, region);
        assert!(
            !check.contains("not a number from"),
            "{phone} in {region}:\n{check}"
        );
        assert_eq!(printed, shown, "{phone} in {region}");
    }
}

#[test]
fn a_truly_foreign_number_warns_once_and_names_both_codes() {
    let (check, printed) = checked("+44 20 7946 0958", "IN");
    let warnings = phone_warnings(&check);
    assert_eq!(warnings.len(), 1, "{check}");
    assert!(
        warnings[0].contains("\"+44 20 7946 0958\" is not a number from India (+91)"),
        "{check}"
    );
    assert_eq!(printed, "+44 20 7946 0958");

    let (check, _) = checked("+91 98765 43210", "CN");
    let warnings = phone_warnings(&check);
    assert_eq!(warnings.len(), 1, "{check}");
    assert!(warnings[0].contains("only +86"), "{check}");
}

#[test]
fn a_warning_never_names_the_accounts_own_region_as_foreign() {
    // Numbers whose region in libphonenumber's data is not the account's,
    // though the calling code is: Jersey, Isle of Man, Kazakhstan, Puerto Rico.
    for (phone, region) in [
        ("+44 7797 712345", "GB"),
        ("+44 7924 123456", "GB"),
        ("+7 701 123 4567", "RU"),
        ("+1 787 555 0199", "US"),
    ] {
        let (check, _) = checked(phone, region);
        assert!(
            !check.contains("not a number from"),
            "{phone} in {region}:\n{check}"
        );
    }
}

#[test]
fn numbers_of_many_regions_print_in_libphonenumbers_format() {
    // International and national forms; the expected text is libphonenumber's
    // international format.
    for (phone, region, shown) in [
        ("+91 98765 43210", "IN", "+91 98765 43210"),
        ("098765 43210", "IN", "+91 98765 43210"),
        ("+86 138 0013 8000", "CN", "+86 138 0013 8000"),
        ("13800138000", "CN", "+86 138 0013 8000"),
        ("+55 11 91234 5678", "BR", "+55 11 91234-5678"),
        ("+62 812 3456 7890", "ID", "+62 812-3456-7890"),
        ("+7 912 345 67 89", "RU", "+7 912 345-67-89"),
        ("8 912 345 67 89", "RU", "+7 912 345-67-89"),
        ("+49 1512 3456789", "DE", "+49 1512 3456789"),
        ("+34 612 34 56 78", "ES", "+34 612 34 56 78"),
        ("+52 55 1234 5678", "MX", "+52 55 1234 5678"),
        ("+81 90 1234 5678", "JP", "+81 90-1234-5678"),
        ("+234 802 123 4567", "NG", "+234 802 123 4567"),
        ("+61 412 345 678", "AU", "+61 412 345 678"),
        ("0044 20 7946 0958", "GB", "+44 20 7946 0958"),
        ("020 7946 0958", "GB", "+44 20 7946 0958"),
    ] {
        let (check, printed) = checked(phone, region);
        assert_eq!(printed, shown, "{phone} in {region}");
        assert!(
            !check.contains("not a number from"),
            "{phone} in {region}:\n{check}"
        );
    }
}
