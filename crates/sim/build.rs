//! Rebuild when the embedded demo fleet changes (`include_dir!` cannot tell cargo on stable).

fn main() {
    println!("cargo:rerun-if-changed=../../samples/fleet");
}
