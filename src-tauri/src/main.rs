fn main() {
    baton::run()
}
