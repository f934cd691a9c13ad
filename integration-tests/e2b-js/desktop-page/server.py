"""The desktop check's page server: serves page.html on 127.0.0.1:PORT and appends every event the page
posts to events.jsonl; a click on the button also writes the file "clicked"."""
import http.server
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = open(os.path.join(HERE, "page.html"), "rb").read()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def do_POST(self):
        event = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with open(os.path.join(HERE, "events.jsonl"), "a") as events:
            events.write(json.dumps(event) + "\n")
        if event["kind"] == "clicked":
            with open(os.path.join(HERE, "clicked"), "w") as clicked:
                clicked.write("clicked\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
