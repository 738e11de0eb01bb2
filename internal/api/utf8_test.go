package api

import "testing"

func TestInvalidUTF8NamesTheField(t *testing.T) {
	tests := []struct{ body, want string }{
		{"{\"name\":\"R\xf6da Korset\"}", "name"},
		{"{\"name\":\"ok\",\"texts\":{\"sv\":{\"title\":\"x\",\"summary\":\"\xff\"}}}", "texts.sv.summary"},
		{"{\"languages\":[\"sv\",\"a\xc3\"],\"name\":\"x\"}", "languages"},
		{"{\"a\":{\"b\":1},\"c\":\"\xe2\x82\"}", "c"},
	}
	for _, tt := range tests {
		bad, got := invalidUTF8([]byte(tt.body))
		if !bad || got != tt.want {
			t.Errorf("%q: %v %q, want %q", tt.body, bad, got, tt.want)
		}
	}
	if bad, _ := invalidUTF8([]byte(`{"name":"Röda Korset ✓"}`)); bad {
		t.Error("valid UTF-8 reported")
	}
}
