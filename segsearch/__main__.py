from .cli import main

if __name__ == "__main__":  # spawned helper processes import the main module again
    main()
