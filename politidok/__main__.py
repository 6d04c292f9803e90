from politidok.cli import main

main()
