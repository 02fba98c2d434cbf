"""The API document's Python examples (wapiconnect-api-docs.txt: "Send an OTP" and "Bulk job with
progress"), as written there with `requests`, against a server whose tenant WAPI_KEY has session `main`
ready. Only BASE differs: the document's host becomes WAPI_BASE_URL. Run by InteropIT; then checks what
the examples did through the API.
"""
import os
import unittest

import requests

BASE_URL = os.environ["WAPI_BASE_URL"]


class ApiDocumentExamples(unittest.TestCase):
    def test_send_an_otp(self):
        # --- the document's example, verbatim but for BASE ---
        import requests, random, os
        API_KEY = os.environ["WAPI_KEY"]
        BASE = BASE_URL

        def send_otp(phone: str, otp: str):
            requests.post(
                f"{BASE}/api/whatsapp/session/main/send",
                headers={"X-API-Key": API_KEY},
                json={
                    "to": phone,
                    "header": "Verification Code",
                    "message": f"Your OTP is *{otp}*. Valid for 10 minutes.",
                    "footer": "WapiConnect Security",
                },
            ).raise_for_status()

        otp = f"{random.randint(0, 999999):06d}"
        send_otp("919876543210", otp)
        # --- end of the example ---

        log = requests.get(f"{BASE}/api/whatsapp/messages", headers={"X-API-Key": API_KEY},
                           params={"sessionId": "main", "limit": 100}, timeout=10)
        log.raise_for_status()
        sent = [m for m in log.json()["messages"] if otp in (m.get("message") or "")]
        self.assertEqual(1, len(sent), log.text)
        self.assertEqual("919876543210", sent[0]["to"])
        self.assertEqual(f"*Verification Code*\n\nYour OTP is *{otp}*. Valid for 10 minutes.\n\n_WapiConnect Security_",
                         sent[0]["message"])

    def test_bulk_job_with_progress(self):
        # --- the document's example, verbatim but for BASE ---
        import requests, time, os
        BASE = BASE_URL
        HEADERS = {"X-API-Key": os.environ["WAPI_KEY"]}
        resp = requests.post(
            f"{BASE}/api/whatsapp/session/main/send-bulk",
            headers=HEADERS,
            json={
                "recipients": ["919876543210", "919876543211"],
                "message": "Big Sale! 40% off today.",
                "delayMin": 3000,
                "delayMax": 7000,
            },
        )
        job_id = resp.json()["jobId"]
        while True:
            job = requests.get(f"{BASE}/api/whatsapp/bulk-job/{job_id}", headers=HEADERS).json()
            print(f"{job['processed']}/{job['total']} sent")
            if job["status"] in ("completed", "failed"):
                break
            time.sleep(3)
        # --- end of the example ---

        self.assertEqual(202, resp.status_code)
        self.assertEqual("completed", job["status"], job)
        self.assertEqual(2, job["succeeded"], job)


if __name__ == "__main__":
    unittest.main(verbosity=2)
