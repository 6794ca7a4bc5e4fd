// Placeholder: the HTTP benchmark host is built in issue 6.
return 0;
