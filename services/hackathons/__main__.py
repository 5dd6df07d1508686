"""python -m services.hackathons"""

from services.hackathons.app import DEFINITION
from shared.runtime_entry import run_service

if __name__ == "__main__":
    run_service(DEFINITION)
