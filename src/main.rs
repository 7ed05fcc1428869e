fn main() {
    println!("accord: see `accord --help`");
}
