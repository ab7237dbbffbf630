// `sqlx::migrate!` embeds each migration with include_str!, which notices a changed file but
// not a new one: rebuild when the folder changes.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
